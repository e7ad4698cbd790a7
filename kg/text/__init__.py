"""Text layer: normalisation with offset maps, Chinese numbers, labels in pinyin."""
