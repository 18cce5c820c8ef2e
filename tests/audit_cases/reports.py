from reports import services


def disclosure_record(w):
    event = services.disclosure_record(
        actor=w.users["manager"],
        kind="plan-pdf",
        purpose="Quarterly return",
        recipient="Home Office hotspot fund",
        filename="PSP.pdf",
        target=w.plan,
        plan=w.plan,
    )
    return {"action": "report.export", "actor": w.users["manager"], "target": w.plan, "event": event}


CASES = {"reports.services.disclosure_record": disclosure_record}
