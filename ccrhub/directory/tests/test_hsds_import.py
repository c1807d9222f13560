"""Importing HSDS packages: the official 3.0 examples go in without errors and again
without changes; an old 1.x package is understood; a broken package is refused whole,
by file and row; a zip reaching outside itself is refused unread."""

import datetime
import io
import shutil
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command

from ccrhub.audit.models import AuditEvent
from ccrhub.directory.hsds_import import import_package
from ccrhub.directory.hsds_read import PackageError, read_package, read_path, read_upload
from ccrhub.directory.models import Location, Organization, Service, TaxonomyTerm
from ccrhub.lib.tests.zipbombs import bomb

pytestmark = pytest.mark.django_db

EXAMPLES = Path(__file__).resolve().parent / "data" / "hsds_examples"
EXAMPLE_SERVICE = "ac148810-d857-441c-9679-408f346de14b"


def run(path, personas, *, collaborative=None, dry_run=False, actor="coordinator"):
    return import_package(
        read_package(read_path(Path(path))),
        collaborative=collaborative or personas.ccr,
        actor=getattr(personas, actor) if actor else None,
        dry_run=dry_run,
    )


def write_package(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text.strip() + "\n", encoding="utf-8")
    return folder


def totals(report) -> tuple[int, int]:
    return sum(report.created.values()), sum(report.updated.values())


def test_the_official_csv_examples_import_without_errors(personas) -> None:
    report = run(EXAMPLES / "csv", personas)

    assert report.errors == [] and report.committed
    assert report.created["organization"] == 1 and report.created["service"] == 1
    service = Service.objects.get(public_id=EXAMPLE_SERVICE)
    assert service.organization.collaborative == personas.ccr
    assert service.name == "Community Counselling" and service.minimum_age == 12
    assert service.assured_date == datetime.date(2005, 1, 1)
    assert not service.is_free  # the example charges £35 an hour
    assert "Documents needed: Any official identification document" in service.application_process
    assert service.phones.get().number == "+44 1234 234567"
    assert [(s.weekday, f"{s.opens_at:%H:%M}") for s in service.schedules.all()] == [
        (3, "10:00"),
        (4, "10:00"),
    ]
    location = service.at_locations.get().location
    assert location.city == "MyCity" and location.address_1 == "1-30 Main Street, MyVillage"
    # Latitude 100 is not on Earth: left out, said so.
    assert location.latitude is None and not location.is_confidential
    assert any("locations.csv row 2, latitude" in w for w in report.warnings)
    # Its organisation is not in the example; it takes its service's.
    assert location.organization == service.organization
    assert service.areas.get().name.startswith("The service is available to all residents")
    assert TaxonomyTerm.objects.filter(public_id="3f7b145d-84af-42d7-8fae-eaca714b02b2").exists()
    event = AuditEvent.objects.get(action="directory.package_imported")
    assert event.actor == personas.coordinator and event.collaborative_id == personas.ccr.pk
    assert event.details["created"] == sum(report.created.values())


def test_importing_the_examples_again_changes_nothing(personas) -> None:
    run(EXAMPLES / "csv", personas)
    before = Service.objects.get(public_id=EXAMPLE_SERVICE).updated_at

    again = run(EXAMPLES / "csv", personas)

    assert again.ok and totals(again) == (0, 0)
    assert sum(again.unchanged.values()) > 5
    assert Service.objects.get(public_id=EXAMPLE_SERVICE).updated_at == before


def test_the_official_json_examples_import_without_errors_and_match_the_csv(
    personas, tmp_path
) -> None:
    for name in ("service_full.json", "organization_full.json", "service_at_location_full.json"):
        shutil.copy(EXAMPLES / name, tmp_path / name)

    report = run(tmp_path, personas)

    assert report.errors == [] and report.created["service"] == 1
    # The CSV package describes the same rows: nothing to change.
    again = run(EXAMPLES / "csv", personas)
    assert again.ok and again.created["service"] == 0 and again.created["phone"] == 0


def test_a_dry_run_counts_and_writes_nothing(personas) -> None:
    report = run(EXAMPLES / "csv", personas, dry_run=True)

    assert report.ok and report.created["service"] == 1 and not report.committed
    assert not Service.objects.filter(public_id=EXAMPLE_SERVICE).exists()
    assert AuditEvent.objects.get(action="directory.package_imported").details["dry_run"]


OLD_PACKAGE = {
    "organizations.csv": """
id,name,description,url,email
1,Northside Women's Centre,Support after violence,northside.example.org,help@northside.example.org
""",
    "services.csv": """
id,organization_id,program_id,name,description,url,status,fees,wait_time
10,1,,Drop-in advocacy,Talk to an advocate,https://northside.example.org/in,active,Free,none
""",
    "locations.csv": """
id,organization_id,name,description,latitude,longitude
20,1,Northside office,,44.981200,-93.271500
""",
    "service_at_location.csv": """
id,service_id,location_id,description
30,10,20,
""",
    "phones.csv": """
id,location_id,service_id,organization_id,contact_id,service_at_location_id,number,extension,type,language,description
40,,10,,,,612-555-0100,,voice,English,Front desk
41,,10,,,,612-555-0199,,fax,,
42,20,,,,,612-555-0198,,voice,,
""",
    "physical_address.csv": """
id,location_id,attention,address_1,address_2,city,region,state_province,postal_code,country
50,20,,100 Main Street,Suite 2,Minneapolis,,MN,55401,USA
""",
    "regular_schedule.csv": """
id,service_id,location_id,service_at_location_id,weekday,opens_at,closes_at
60,10,,,Monday,9:00 AM,5:00 PM
61,10,,,2,09:00,17:00
""",
    "holiday_schedule.csv": """
id,service_id,location_id,service_at_location_id,closed,opens_at,closes_at,start_date,end_date
70,10,,,true,,,2024-12-25,2024-12-25
""",
    "eligibility.csv": """
id,service_id,eligibility
80,10,Adults 18 and over
""",
    "required_documents.csv": """
id,service_id,document
90,10,None needed
""",
    "languages.csv": """
id,service_id,location_id,language
100,10,,Spanish
101,10,,Klingon
""",
    "accessibility_for_disabilities.csv": """
id,location_id,accessibility,details
110,20,Step-free entrance,Ramp at the side door
""",
    "taxonomy.csv": """
id,name,parent_id,parent_name,vocabulary
120,Advocacy,,,Northside needs
""",
    "service_taxonomy.csv": """
id,service_id,taxonomy_id,taxonomy_detail
130,10,120,
""",
}


def test_a_1x_package_with_old_names_imports(personas, tmp_path) -> None:
    report = run(write_package(tmp_path / "old", OLD_PACKAGE), personas)

    assert report.errors == [], report.errors
    organization = Organization.objects.get(collaborative=personas.ccr, name__startswith="North")
    assert organization.website == "https://northside.example.org"
    service = organization.services.get()
    assert service.url == "https://northside.example.org/in"
    assert service.fees_description == "Free"
    assert service.eligibility_description == "Adults 18 and over"
    assert service.application_process == "Documents needed: None needed"
    assert [p.number for p in service.phones.all()] == ["612-555-0100"]  # not the fax
    assert [
        (s.weekday, f"{s.opens_at:%H:%M}-{s.closes_at:%H:%M}") for s in service.schedules.all()
    ] == [
        (0, "09:00-17:00"),
        (1, "09:00-17:00"),
    ]
    assert list(service.languages.values_list("code", flat=True)) == ["es"]
    location = service.at_locations.get().location
    assert (location.address_1, location.city, location.country) == (
        "100 Main Street, Suite 2",
        "Minneapolis",
        "US",
    )
    assert str(location.latitude) == "44.981200"
    assert location.accessibility == "Step-free entrance Ramp at the side door"
    term = service.taxonomy_terms.get()
    assert term.name == "Advocacy" and term.taxonomy.name == "Northside needs"
    notes = "\n".join(report.warnings)
    assert "holiday_schedule.csv: 1 not kept" in notes and "fax numbers" in notes
    assert "phones.csv: 1 not kept (rows of organizations or locations)" in notes
    assert "languages the directory does not list" in notes
    # Older ids are stable: the same package again is the same rows.
    again = run(tmp_path / "old", personas)
    assert again.ok and totals(again) == (0, 0)


def test_a_broken_reference_and_a_bad_row_refuse_the_whole_package(personas, tmp_path) -> None:
    package = write_package(
        tmp_path / "broken",
        {
            "organizations.csv": """
id,name,description
1,Eastside Shelter,Shelter and advocacy
""",
            "services.csv": """
id,organization_id,name,status
10,1,Emergency shelter,active
11,99,Secret Legal Clinic,active
""",
            "phones.csv": """
id,service_id,number
40,10,
""",
            "languages.csv": """
id,service_id,code
41,10,es
""",
        },
    )

    report = run(package, personas)

    assert not report.ok and not report.committed
    assert "services.csv row 3, organization_id: matches no organization" in "\n".join(
        report.errors
    )
    assert "phones.csv row 2, number: required, but empty." in report.errors
    assert "Secret Legal Clinic" not in " ".join(report.errors)  # no cell values
    assert not Organization.objects.filter(name="Eastside Shelter").exists()
    assert not Service.objects.filter(name="Emergency shelter").exists()
    event = AuditEvent.objects.get(action="directory.package_imported")
    assert event.outcome == "failure" and event.details["errors"] == 2


def test_bad_values_are_named_by_column(personas, tmp_path) -> None:
    package = write_package(
        tmp_path / "bad",
        {
            "organizations.csv": """
id,name,description,email,website
1,,No name,not-an-address,http://
""",
            "services.csv": """
id,organization_id,name,status,minimum_age,assured_date
10,1,Counselling,open,ten,yesterday
""",
        },
    )

    errors = run(package, personas).errors

    assert "organizations.csv row 2, name: required, but empty." in errors
    assert "organizations.csv row 2, email: not an e-mail address." in errors
    assert "organizations.csv row 2, website: not a web address." in errors
    assert "services.csv row 2, status: not an HSDS service status." in errors
    assert "services.csv row 2, minimum_age: not a number." in errors
    assert "services.csv row 2, assured_date: not a date (YYYY-MM-DD)." in errors


def test_an_entry_of_another_collaborative_is_not_overwritten(personas) -> None:
    run(EXAMPLES / "csv", personas)

    report = run(EXAMPLES / "csv", personas, collaborative=personas.neighbour_ccr, actor=None)

    assert "organizations.csv row 2, id: already used by an entry of another collaborative." in (
        report.errors
    )
    assert Organization.objects.get().collaborative == personas.ccr


def test_only_a_coordinator_of_the_collaborative_may_import(personas) -> None:
    with pytest.raises(PermissionDenied):
        run(EXAMPLES / "csv", personas, actor="advocate")
    with pytest.raises(PermissionDenied):
        run(EXAMPLES / "csv", personas, actor="outsider")
    assert not Organization.objects.exists()


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "name", ["../organizations.csv", "/etc/organizations.csv", "a/../../x.csv", "C:/x.csv"]
)
def test_a_zip_with_paths_outside_itself_is_refused(name) -> None:
    data = _zip({"services.csv": b"id,name\n", name: b"id,name\n"})

    with pytest.raises(PackageError, match="outside itself"):
        read_upload("package.zip", data)


def test_a_zip_in_a_folder_reads_like_the_folder(personas) -> None:
    members = {f"hsds/{p.name}": p.read_bytes() for p in (EXAMPLES / "csv").iterdir()}

    report = import_package(
        read_package(read_upload("hsds.zip", _zip(members))),
        collaborative=personas.ccr,
        actor=personas.coordinator,
    )

    assert report.ok and report.created["service"] == 1


@pytest.mark.parametrize(
    "files",
    [
        {"services.csv": b"id,name\n"},
        {"services.json": b"{not json"},
        {"services.json": b"[1, 2]"},
        {"services.csv": b'id,name\n"unterminated'},
        {"readme.txt": b"hello"},
    ],
)
def test_unreadable_packages_are_reported_never_crash(personas, files) -> None:
    report = import_package(read_package(files), collaborative=personas.ccr, actor=None)

    assert not report.ok and report.errors
    assert not Location.objects.exists()


def test_the_command_imports_and_refuses_by_exit_status(personas, tmp_path) -> None:
    out, err = io.StringIO(), io.StringIO()
    collaborative = str(personas.ccr.public_id)

    call_command("import_hsds", str(EXAMPLES / "csv"), "--collaborative", collaborative, stdout=out)
    assert "Imported:" in out.getvalue() and "service: 1 new" in out.getvalue()

    broken = write_package(tmp_path / "b", {"services.csv": "id,organization_id,name\n1,2,X"})
    with pytest.raises(CommandError, match="Nothing imported: 1 error"):
        call_command(
            "import_hsds", str(broken), "--collaborative", collaborative, stdout=out, stderr=err
        )
    assert "services.csv row 2, organization_id" in err.getvalue()


def test_a_zip_inflating_far_beyond_its_size_is_refused_unread() -> None:
    data = bomb({"organizations.csv": b"id,name\n"}, "services.csv", mebibytes=16)

    with pytest.raises(PackageError, match="unpacks to more than is accepted"):
        read_upload("package.zip", data)


def test_a_table_naming_a_column_twice_is_refused_by_file(personas, tmp_path) -> None:
    organizations = (EXAMPLES / "csv" / "organizations.csv").read_text(encoding="utf-8")
    header, rest = organizations.split("\n", 1)
    folder = write_package(tmp_path / "package", {"organizations.csv": f"{header},name\n{rest}"})

    report = run(folder, personas)

    assert not report.ok and not Organization.objects.exists()
    assert "organizations.csv: the column name appears more than once." in report.errors
