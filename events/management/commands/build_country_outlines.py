"""Convert world-atlas' TopoJSON of countries (Natural Earth 110m) to the GeoJSON the
map draws: `manage.py build_country_outlines countries-110m.json`, then commit the file."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

OUTPUT = Path(settings.BASE_DIR) / "static" / "vendor" / "world-atlas" / "countries-110m.geojson"


def decode_arcs(topology):
    scale_x, scale_y = topology["transform"]["scale"]
    shift_x, shift_y = topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append([round(x * scale_x + shift_x, 3), round(y * scale_y + shift_y, 3)])
        arcs.append(points)
    return arcs


def ring(arcs, indexes):
    points = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc if not points else arc[1:])
    return points


def geometry(arcs, shape):
    if shape["type"] == "Polygon":
        return {"type": "Polygon", "coordinates": [ring(arcs, r) for r in shape["arcs"]]}
    if shape["type"] == "MultiPolygon":
        return {
            "type": "MultiPolygon",
            "coordinates": [[ring(arcs, r) for r in polygon] for polygon in shape["arcs"]],
        }
    return None


class Command(BaseCommand):
    help = "Convert a world-atlas TopoJSON of countries to the map's GeoJSON."

    def add_arguments(self, parser):
        parser.add_argument("topojson")

    def handle(self, *args, topojson, **options):
        topology = json.loads(Path(topojson).read_text(encoding="utf-8"))
        arcs = decode_arcs(topology)
        features = [
            {
                "type": "Feature",
                "properties": {"name": shape.get("properties", {}).get("name", "")},
                "geometry": geometry(arcs, shape),
            }
            for shape in topology["objects"]["countries"]["geometries"]
            if geometry(arcs, shape) is not None
        ]
        OUTPUT.write_text(
            json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":")),
            encoding="utf-8",
        )
        self.stdout.write(f"{len(features)} countries written to {OUTPUT}")
