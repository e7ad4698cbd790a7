"""Knowledge graph of actors, initiatives and places in Chinese local government.

The data flow reads from the module names::

    kg.text.normalize  ->  kg.curation.load  ->  kg.rdf.emit  ->  kg.rdf.validate
                       ->  kg.build (atomic write of build/)  ->  kg.views, kg.report

>>> import kg
>>> kg.__version__
'0.1.0'
"""

__version__ = "0.1.0"
