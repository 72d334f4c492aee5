"""OGC API - Features (Part 1: Core, GeoJSON; Part 2: CRS) under /api/v1/ogc/.

The standard QGIS, ArcGIS Pro and GDAL use to list layers and page through them. Every
layer is read through `restrict()` like the rest of the API; see docs/gis.md.
"""
