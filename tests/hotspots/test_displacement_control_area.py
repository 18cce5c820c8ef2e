"""The control's own displacement area (Dc) an area may draw: the WDD counts it instead of the
ring around the control, the form and service refuse one that cannot be used, and every place
that shows the figures says which Dc was counted."""

import datetime
import io
import json
from urllib.parse import urlencode

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from audit.models import Event
from audit.presentation import change_rows
from hotspots import geometry, services
from hotspots.figures import area_figures
from hotspots.models import Area

from .conftest import CONTROL, IN_BUFFER, IN_CONTROL, INSIDE, TARGET, month, place
from .test_area_outline_messages import THIN

pytestmark = pytest.mark.django_db

BEFORE = (datetime.date(2018, 10, 1), datetime.date(2018, 12, 31))
AFTER = (datetime.date(2019, 1, 1), datetime.date(2019, 3, 31))

# CONTROL runs from longitude -1.2110 to -1.1990 and latitude 52.7680 to 52.7745.
IN_CONTROL_RING = (-1.2050, 52.7754)  # about 100 m north of the control: in its 200 m ring
# About 950 m west of the control: outside its bounding box and outside its 200 m ring.
FAR_WEST = (-1.2250, 52.7712)
# The Dc drawn for the area: a block west of the control that also overlaps the control's west
# part (that part is left out), and stops south of IN_CONTROL_RING.
DRAWN_DC = {
    "type": "Polygon",
    "coordinates": [
        [[-1.2300, 52.7670], [-1.2080, 52.7670], [-1.2080, 52.7750], [-1.2300, 52.7750], [-1.2300, 52.7670]]
    ],
}
# Wholly inside the control: nothing is left once the overlap is left out.
INSIDE_CONTROL = {
    "type": "Polygon",
    "coordinates": [
        [[-1.2100, 52.7690], [-1.2000, 52.7690], [-1.2000, 52.7730], [-1.2100, 52.7730], [-1.2100, 52.7690]]
    ],
}


def _area(name, **extra):
    values = services._prepare_area(
        geometry_value=TARGET, lsoa_codes=[], buffer_m=200, tolerance_m=0, control_geometry=CONTROL, **extra
    )
    return Area.objects.create(name=name, **values)


def _worked_example():
    """Counts placed by hand, month by month, every month of both periods imported."""
    for day in (
        month(2018, 10),
        month(2018, 11),
        month(2018, 12),
        month(2019, 1),
        month(2019, 2),
        month(2019, 3),
    ):
        place(INSIDE, day, 0)
    place(INSIDE, month(2018, 10), 20)  # T: 20 before
    place(INSIDE, month(2019, 2), 10)  # T: 10 after
    place(IN_CONTROL, month(2018, 11), 20)  # C: 20 before
    place(IN_CONTROL, month(2019, 1), 20)  # C: 20 after
    place(IN_BUFFER, month(2018, 12), 4)  # D: 4 before
    place(IN_BUFFER, month(2019, 3), 8)  # D: 8 after
    place(IN_CONTROL_RING, month(2018, 10), 6)  # the control's ring: 6 before
    place(IN_CONTROL_RING, month(2019, 1), 2)  # the control's ring: 2 after
    place(FAR_WEST, month(2018, 11), 1)  # the drawn Dc: 1 before
    place(FAR_WEST, month(2019, 3), 9)  # the drawn Dc: 9 after


def test_a_drawn_dc_gives_a_different_wdd_from_the_ring_worked_by_hand(serious_violence):
    _worked_example()
    ring = _area("Ring")
    drawn = _area("Drawn", displacement_control_geometry=DRAWN_DC)
    by_ring = area_figures(area=ring, family=serious_violence, before=BEFORE, after=AFTER)
    by_drawn = area_figures(area=drawn, family=serious_violence, before=BEFORE, after=AFTER)

    # Ring: WDD = (10 - 20) - (20 - 20) + (8 - 4) - (2 - 6) = -10 - 0 + 4 + 4 = -2;
    # variance = 20 + 10 + 20 + 20 + 4 + 8 + 6 + 2 = 90.
    assert (by_ring.displacement_control_before.value, by_ring.displacement_control_after.value) == (6, 2)
    assert by_ring.weighted_displacement_difference.value == -2
    assert by_ring.wdd_variance.value == 90
    # Drawn: WDD = (10 - 20) - (20 - 20) + (8 - 4) - (9 - 1) = -10 - 0 + 4 - 8 = -14;
    # variance = 20 + 10 + 20 + 20 + 4 + 8 + 1 + 9 = 92. IN_CONTROL_RING is not in the drawn
    # area, and IN_CONTROL (inside the overlap) counts as control only.
    assert (by_drawn.displacement_control_before.value, by_drawn.displacement_control_after.value) == (1, 9)
    assert by_drawn.weighted_displacement_difference.value == -14
    assert by_drawn.wdd_variance.value == 92
    # Target, buffer and control, and so the local term, do not depend on Dc: -10 - 0 = -10.
    for f in (by_ring, by_drawn):
        assert (f.control_before.value, f.control_after.value) == (20, 20)
        assert f.local_effect.value == -10
    assert by_ring.displacement_control_area == "The ring of 200 m around the control area"
    assert by_drawn.displacement_control_area == "The area drawn for it"


def test_incidents_in_a_drawn_dc_beyond_the_controls_box_are_counted(serious_violence):
    drawn = _area("Drawn", displacement_control_geometry=DRAWN_DC)
    # The stored box is the control's alone: FAR_WEST lies outside it, so the counting must
    # widen it to the drawn Dc or miss these incidents.
    assert drawn.control_min_lon > FAR_WEST[0]
    place(FAR_WEST, month(2018, 11), 3)
    place(FAR_WEST, month(2019, 2), 5)
    for day in (month(2018, 10), month(2018, 12), month(2019, 1), month(2019, 3)):
        place(INSIDE, day, 0)
    f = area_figures(area=drawn, family=serious_violence, before=BEFORE, after=AFTER)
    assert (f.displacement_control_before.value, f.displacement_control_after.value) == (3, 5)
    assert (f.control_before.value, f.target_before.value, f.buffer_before.value) == (0, 0, 0)


# ---------------------------------------------------------------- the form and the service


def form(**overrides):
    data = {
        "name": "Humberstone Gate",
        "geometry": json.dumps(TARGET),
        "lsoa_codes": "",
        "buffer_m": "200",
        "tolerance_m": "0",
        "control_geometry": json.dumps(CONTROL),
        "displacement_control_geometry": json.dumps(DRAWN_DC),
    }
    data.update(overrides)
    return data


def post(user, data, url="/areas/new/"):
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client.post(url, urlencode(data), content_type="application/x-www-form-urlencoded")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"control_geometry": ""}, geometry.NO_CONTROL_FOR_DC),
        (
            {"displacement_control_geometry": json.dumps({"type": "Point", "coordinates": [-1.2, 52.77]})},
            "The control's displacement area must be a Polygon or MultiPolygon, not Point",
        ),
        ({"displacement_control_geometry": json.dumps(THIN)}, "The control's displacement area is too thin"),
        ({"displacement_control_geometry": "{"}, "The control's displacement area is not valid JSON"),
        (
            {"displacement_control_geometry": json.dumps(INSIDE_CONTROL)},
            "The control's displacement area lies wholly inside the control area",
        ),
    ],
)
def test_a_dc_that_cannot_be_used_is_refused_keeping_what_was_typed(world, overrides, message):
    data = form(**overrides)
    response = post(world.users["owner"], data)
    assert response.status_code == 400
    page = response.content.decode()
    assert escape(message) in page
    assert 'href="#id_displacement_control_geometry"' in page  # the summary links to the field
    assert escape(data["displacement_control_geometry"]) in page
    assert not Area.objects.filter(name="Humberstone Gate").exists()


def test_the_service_refuses_a_dc_without_a_control(world):
    with pytest.raises(geometry.GeometryError, match="needs a control area"):
        services.area_create(
            actor=world.users["owner"],
            name="No control",
            geometry_value=TARGET,
            displacement_control_geometry=DRAWN_DC,
        )
    assert not Area.objects.filter(name="No control").exists()


def test_a_drawn_dc_is_saved_shown_and_recorded_in_words(world):
    owner = world.users["owner"]
    response = post(owner, form())
    assert response.status_code == 302
    area = Area.objects.get(name="Humberstone Gate")
    assert geometry.same_outline(area.displacement_control_geometry, DRAWN_DC)
    client = Client()
    client.force_login(owner)
    page = client.get(reverse("hotspots:area_detail", args=[area.pk])).content.decode()
    assert "The area drawn for it" in page
    created = Event.objects.get(action="area.create", target_id=str(area.pk))
    rows = change_rows(created.changes, action="area.create", target_type="hotspots.area")
    dc = [row for row in rows if row["field"] == "Control's displacement area (Dc)"]
    assert dc and dc[0]["new"] == "an outline of 5 points"

    # Edited back to the ring: one update event, in words, and the page says the ring.
    edit = form(displacement_control_geometry="", version=str(area.version))
    response = post(owner, edit, url=reverse("hotspots:area_edit", args=[area.pk]))
    assert response.status_code == 302
    area.refresh_from_db()
    assert area.displacement_control_geometry is None
    updated = Event.objects.get(action="area.update", target_id=str(area.pk))
    rows = change_rows(updated.changes, action="area.update", target_type="hotspots.area")
    assert [(r["field"], r["old"], r["new"]) for r in rows] == [
        ("Control's displacement area (Dc)", "an outline of 5 points", "(empty)")
    ]
    page = client.get(reverse("hotspots:area_detail", args=[area.pk])).content.decode()
    assert "The ring of 200 m around the control area" in page


def test_an_unchanged_dc_sent_back_by_the_edit_form_is_not_a_change(world):
    owner = world.users["owner"]
    assert post(owner, form()).status_code == 302
    area = Area.objects.get(name="Humberstone Gate")
    client = Client()
    client.force_login(owner)
    # The edit form shows the saved Dc; sent back with only the name changed.
    page = client.get(reverse("hotspots:area_edit", args=[area.pk])).content.decode()
    assert "id_displacement_control_geometry" in page
    edit = form(
        name="Humberstone Gate East",
        displacement_control_geometry=json.dumps(area.displacement_control_geometry),
        version=str(area.version),
    )
    assert post(owner, edit, url=reverse("hotspots:area_edit", args=[area.pk])).status_code == 302
    updated = Event.objects.get(action="area.update", target_id=str(area.pk))
    assert set(updated.changes) - {"version"} == {"name"}


# ---------------------------------------------------------------- JSON, the API and the PDF


def test_area_figures_json_says_which_dc(serious_violence):
    _area("Drawn", displacement_control_geometry=DRAWN_DC)
    out = io.StringIO()
    call_command(
        "area_figures",
        "--area=Drawn",
        "--before=2018-10:2018-12",
        "--after=2019-01:2019-03",
        "--json",
        stdout=out,
    )
    assert json.loads(out.getvalue())["displacement_control_area"] == "The area drawn for it"
    out = io.StringIO()
    call_command(
        "area_figures", "--area=Drawn", "--before=2018-10:2018-12", "--after=2019-01:2019-03", stdout=out
    )
    assert "Control's displacement area (Dc) counted: The area drawn for it" in out.getvalue()


def test_area_figures_takes_a_drawn_dc_from_a_file(serious_violence, tmp_path):
    _worked_example()
    for name, value in (("t.json", TARGET), ("c.json", CONTROL), ("dc.json", DRAWN_DC)):
        (tmp_path / name).write_text(json.dumps(value))
    common = ["area_figures", f"--geojson={tmp_path / 't.json'}", f"--control-geojson={tmp_path / 'c.json'}"]
    common += ["--before=2018-10:2018-12", "--after=2019-01:2019-03", "--json"]
    ring, drawn = io.StringIO(), io.StringIO()
    call_command(*common, stdout=ring)
    call_command(*common, f"--displacement-control-geojson={tmp_path / 'dc.json'}", stdout=drawn)
    ring, drawn = json.loads(ring.getvalue()), json.loads(drawn.getvalue())
    assert ring["measures"]["weighted_displacement_difference"]["value"] == -2
    assert drawn["measures"]["weighted_displacement_difference"]["value"] == -14
    assert ring["displacement_control_area"] == "The ring of 200 m around the control area"
    assert drawn["displacement_control_area"] == "The area drawn for it"


def test_the_plan_pdf_names_the_dc_counted(world):
    from reports.plan_pdf import figures_section

    world.area.control_geometry = CONTROL
    world.area.displacement_control_geometry = DRAWN_DC
    world.area.save()
    section = figures_section(world.plan, periods=(BEFORE, AFTER))
    rows = dict(section["rows"])
    assert set(rows["Control's displacement area (Dc) counted"]) == {"The area drawn for it"}
