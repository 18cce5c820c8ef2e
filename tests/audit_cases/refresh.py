"""Audit cases for the quarterly hotspot refresh's decisions (hotspots.refresh_services)."""

from hotspots import refresh_services


def hotspot_decide(w):
    # The world's Clock Tower has an open plan: a current hotspot.
    row = refresh_services.hotspot_decide(
        actor=w.users["manager"], area=w.area, decision="continue", note="Still the busiest cell"
    )
    return {"action": "scan.refresh_decide", "actor": w.users["manager"], "target": row}


CASES = {"hotspots.refresh_services.hotspot_decide": hotspot_decide}
