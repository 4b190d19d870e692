"""Writing records into the catalogue: each tag, instrument and provision is added, changed, left as it is, or
rejected with a reason a person can act on. Everything a file brings is written in one transaction, in bulk."""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction

from reviews.catalogue.readers import (
    FORMATS,
    format_for,
    read_csv,
    read_json,
    read_treaty_markdown,
    read_udhr_html,
)
from reviews.catalogue.records import (
    PROVISION_FIELDS,
    Batch,
    ImportReport,
    InstrumentRecord,
    ProvisionRecord,
    Rejection,
    TagRecord,
)
from reviews.models import Instrument, RightsTag, StandardProvision
from reviews.models.catalogue import CODE_PATTERN, NUMBER_PATTERN, number_order, provision_code

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
ADDED, CHANGED, UNCHANGED = "added", "changed", "unchanged"


class UnknownFormat(ValueError):
    pass


def read_source(path: Path, fmt: str | None = None, instrument: str | None = None) -> Batch:
    """Read one file in the given format (by default, the one its name suggests)."""
    fmt = fmt or format_for(path)
    if fmt not in FORMATS:
        raise UnknownFormat(f"{path.name}: cannot tell the format from the name; give --format ({', '.join(FORMATS)})")
    if fmt == "json":
        return read_json(path)
    if fmt == "csv":
        return read_csv(path, default_instrument=instrument)
    if fmt == "treaty-markdown":
        return read_treaty_markdown(path, instrument_code_for_title, instrument=instrument)
    return read_udhr_html(path, instrument=instrument)


def standards_import_file(
    path: Path, *, fmt: str | None = None, instrument: str | None = None, dry_run: bool = False
) -> ImportReport:
    return catalogue_import(read_source(path, fmt, instrument), dry_run=dry_run)


def instrument_code_for_title(title: str) -> str | None:
    """The code of the instrument whose English or Arabic title is this one (case and spacing aside)."""
    wanted = _normalise_title(title)
    if not wanted:
        return None
    for code, title_en, title_ar in Instrument.objects.values_list("code", "title_en", "title_ar"):
        if wanted in {_normalise_title(title_en), _normalise_title(title_ar)}:
            return code
    return None


def _normalise_title(title: str) -> str:
    return re.sub(r"\s+", " ", title).strip().casefold()


def catalogue_import(batch: Batch, *, dry_run: bool = False, overwrite: bool = True) -> ImportReport:
    """Write a batch. With ``overwrite=False`` (loading the shipped data on migrate) only what is missing is added
    and only empty fields are filled, so edits made by staff are kept."""
    report = ImportReport(source=batch.source, dry_run=dry_run, notes=list(batch.notes))
    for rejection in batch.rejections:
        report.reject(rejection.what, rejection.where, rejection.reason)
    with transaction.atomic():
        _import_tags(batch.tags, report, overwrite)
        statuses = _import_instruments(batch.instruments, report, overwrite)
        _import_provisions(batch.provisions, report, overwrite)
        _import_interpretations(batch.instruments, statuses, report, overwrite)
        for status in statuses.values():
            _count(report.instruments, status)
        if dry_run:
            transaction.set_rollback(True)
    return report


def _count(counts: Any, status: str) -> None:
    setattr(counts, status, getattr(counts, status) + 1)


def _assign(obj: models.Model, values: dict[str, Any], overwrite: bool) -> list[str]:
    """Set the given values; return the names of the fields that changed. Without ``overwrite`` only empty
    fields are filled."""
    changed = []
    for name, value in values.items():
        current = getattr(obj, name)
        if not overwrite and current not in ("", None, 0):
            continue
        if current != value:
            setattr(obj, name, value)
            changed.append(name)
    return changed


def _invalid(obj: models.Model, exclude: list[str]) -> str | None:
    try:
        obj.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        return "; ".join(f"{field}: {' '.join(messages)}" for field, messages in exc.message_dict.items())
    return None


# Tags -----------------------------------------------------------------------------------------------------------


def _import_tags(records: list[TagRecord], report: ImportReport, overwrite: bool) -> None:
    tags = {tag.slug: tag for tag in RightsTag.objects.all()}
    seen: dict[str, str] = {}
    valid: list[TagRecord] = []
    for record in records:
        if not re.fullmatch(SLUG_PATTERN, record.slug):
            report.reject("tag", record.where, f"bad slug '{record.slug}': lower-case letters, digits and hyphens")
        elif record.slug in seen:
            report.reject("tag", record.where, f"duplicate: tag '{record.slug}' is also at {seen[record.slug]}")
        else:
            seen[record.slug] = record.where
            valid.append(record)
    known = set(tags) | set(seen)
    accepted: list[tuple[TagRecord, RightsTag, str]] = []
    for record in valid:
        if record.parent is not None and (record.parent not in known or record.parent == record.slug):
            report.reject("tag", record.where, f"unknown parent tag '{record.parent}'")
            continue
        tag = tags.get(record.slug)
        if tag is None:
            if not record.values.get("name_en"):
                report.reject("tag", record.where, f"missing title: tag '{record.slug}' needs an English name")
                continue
            tag = RightsTag(slug=record.slug, **record.values)
            status, changed = ADDED, ["new"]
        else:
            changed = _assign(tag, record.values, overwrite)
            status = CHANGED if changed else UNCHANGED
        if changed and (error := _invalid(tag, ["parent"])):
            report.reject("tag", record.where, error)
            continue
        if changed:
            tag.save()
        tags[record.slug] = tag
        accepted.append((record, tag, status))
    for record, tag, status in accepted:
        if record.parent is not None and record.parent in tags:
            parent = tags[record.parent]
            if tag.parent_id != parent.pk and (overwrite or tag.parent_id is None):
                tag.parent = parent
                tag.save(update_fields=["parent"])
                status = CHANGED if status == UNCHANGED else status
        _count(report.tags, status)


# Instruments ----------------------------------------------------------------------------------------------------


def _instrument_values(record: InstrumentRecord) -> tuple[dict[str, Any], str | None]:
    values = dict(record.values)
    if "adopted" in values:
        raw = values["adopted"]
        if raw in ("", None):
            values["adopted"] = None
        else:
            try:
                values["adopted"] = date.fromisoformat(str(raw))
            except ValueError:
                return values, f"bad date '{raw}': write it as YYYY-MM-DD"
    if "order" in values:
        try:
            values["order"] = int(values["order"])
        except (TypeError, ValueError):
            return values, f"bad order '{values['order']}': a whole number"
    if "kind" in values and values["kind"] not in Instrument.Kind.values:
        return values, f"unknown kind '{values['kind']}': one of {', '.join(Instrument.Kind.values)}"
    return values, None


def _import_instruments(records: list[InstrumentRecord], report: ImportReport, overwrite: bool) -> dict[str, str]:
    instruments = {i.code: i for i in Instrument.objects.all()}
    seen: dict[str, str] = {}
    statuses: dict[str, str] = {}
    accepted: list[tuple[InstrumentRecord, Instrument]] = []
    valid = []
    for record in records:
        if not re.fullmatch(CODE_PATTERN, record.code):
            report.reject("instrument", record.where, f"bad code '{record.code}': letters and digits, hyphenated")
        elif record.code in seen:
            report.reject("instrument", record.where, f"duplicate: '{record.code}' is also at {seen[record.code]}")
        else:
            seen[record.code] = record.where
            valid.append(record)
    known = set(instruments) | set(seen)
    for record in valid:
        values, error = _instrument_values(record)
        if error is None and record.parent is not None and (record.parent not in known or record.parent == record.code):
            error = f"unknown parent instrument '{record.parent}'"
        instrument = instruments.get(record.code)
        if error is None and instrument is None and not (values.get("title_en") and values.get("kind")):
            error = f"missing title: new instrument '{record.code}' needs title_en and kind"
        if error:
            report.reject("instrument", record.where, error)
            continue
        if instrument is None:
            instrument = Instrument(code=record.code, **values)
            status, changed = ADDED, ["new"]
        else:
            changed = _assign(instrument, values, overwrite)
            status = CHANGED if changed else UNCHANGED
        if changed and (error := _invalid(instrument, ["parent", "interprets"])):
            report.reject("instrument", record.where, error)
            continue
        if changed:
            instrument.save()
        instruments[record.code] = instrument
        statuses[record.code] = status
        accepted.append((record, instrument))
    for record, instrument in accepted:
        if record.parent is not None and record.parent in instruments:
            parent = instruments[record.parent]
            if instrument.parent_id != parent.pk and (overwrite or instrument.parent_id is None):
                instrument.parent = parent
                instrument.save(update_fields=["parent"])
                if statuses[record.code] == UNCHANGED:
                    statuses[record.code] = CHANGED
    return statuses


def _import_interpretations(
    records: list[InstrumentRecord], statuses: dict[str, str], report: ImportReport, overwrite: bool
) -> None:
    wanted = [r for r in records if r.interprets is not None and r.code in statuses]
    if not wanted:
        return
    codes = {code for record in wanted for code in record.interprets or []}
    provisions = dict(StandardProvision.objects.filter(code__in=codes).values_list("code", "pk"))
    for record in wanted:
        instrument = Instrument.objects.get(code=record.code)
        unknown = [code for code in record.interprets or [] if code not in provisions]
        for code in unknown:
            # The instrument itself was written: this rejects one reference, not the instrument.
            report.rejections.append(Rejection("instrument", record.where, f"interprets an unknown provision '{code}'"))
        desired = {provisions[code] for code in record.interprets or [] if code in provisions}
        current = set(instrument.interprets.values_list("pk", flat=True))
        if desired != current and (overwrite or not current):
            instrument.interprets.set(desired)
            if statuses[record.code] == UNCHANGED:
                statuses[record.code] = CHANGED


# Provisions -----------------------------------------------------------------------------------------------------


def _import_provisions(records: list[ProvisionRecord], report: ImportReport, overwrite: bool) -> None:
    if not records:
        return
    instruments = {i.code: i for i in Instrument.objects.all()}
    by_code = {i.pk: i.code for i in instruments.values()}
    existing = {(by_code[p.instrument_id], p.number): p for p in StandardProvision.objects.all()}
    tag_ids = dict(RightsTag.objects.values_list("slug", "pk"))
    through = StandardProvision.tags.through
    current_tags: dict[int, set[int]] = defaultdict(set)
    for provision_id, tag_id in through.objects.values_list("standardprovision_id", "rightstag_id"):
        current_tags[provision_id].add(tag_id)

    seen: dict[tuple[str, str], str] = {}
    new: list[tuple[StandardProvision, set[int]]] = []
    changed_objects: list[StandardProvision] = []
    changed_fields: set[str] = set()
    retag: dict[int, set[int]] = {}
    for record in records:
        counts = report.by_instrument[record.instrument or "?"]
        reason = None
        instrument = instruments.get(record.instrument)
        number = record.number.strip()
        key = (record.instrument, number)
        if instrument is None:
            reason = f"unknown instrument '{record.instrument}'"
        elif not re.fullmatch(NUMBER_PATTERN, number):
            reason = f"bad number '{number}': digits as printed, e.g. 19, 142.35 or 12bis"
        elif key in seen:
            reason = f"duplicate: {provision_code(*key)} is also at {seen[key]}"
        elif record.tags is not None and (unknown := [t for t in record.tags if t not in tag_ids]):
            reason = f"unknown tag{'s' if len(unknown) > 1 else ''} {', '.join(repr(t) for t in unknown)}"
        if reason is None:
            seen[key] = record.where
            reason = _write_provision(
                record, instrument, number, existing.get(key), overwrite, tag_ids, current_tags,
                new, changed_objects, changed_fields, retag, counts,
            )  # fmt: skip
        if reason is not None:
            report.reject("provision", record.where, reason)
            counts.rejected += 1
    for counts in report.by_instrument.values():
        report.provisions.added += counts.added
        report.provisions.changed += counts.changed
        report.provisions.unchanged += counts.unchanged

    if new:
        created = StandardProvision.objects.bulk_create([obj for obj, _tags in new], batch_size=500)
        links = [
            through(standardprovision_id=obj.pk, rightstag_id=tag_id)
            for obj, (_unsaved, tags) in zip(created, new, strict=True)
            for tag_id in sorted(tags)
        ]
        through.objects.bulk_create(links, batch_size=1000)
    if changed_objects:
        StandardProvision.objects.bulk_update(changed_objects, sorted(changed_fields), batch_size=500)
    if retag:
        through.objects.filter(standardprovision_id__in=list(retag)).delete()
        through.objects.bulk_create(
            [through(standardprovision_id=pk, rightstag_id=t) for pk, tags in retag.items() for t in sorted(tags)],
            batch_size=1000,
        )


def _write_provision(
    record: ProvisionRecord,
    instrument: Instrument | None,
    number: str,
    provision: StandardProvision | None,
    overwrite: bool,
    tag_ids: dict[str, int],
    current_tags: dict[int, set[int]],
    new: list[tuple[StandardProvision, set[int]]],
    changed_objects: list[StandardProvision],
    changed_fields: set[str],
    retag: dict[int, set[int]],
    counts: Any,
) -> str | None:
    """Stage one provision for writing; return why it is rejected, or None."""
    assert instrument is not None
    desired_tags = {tag_ids[t] for t in record.tags} if record.tags is not None else None
    if provision is None:
        values = {**record.defaults, **record.values}
        if not (values.get("title_en") or values.get("title_ar")):
            return f"missing title: new provision {provision_code(instrument.code, number)} needs title_en or title_ar"
        provision = StandardProvision(
            instrument=instrument,
            number=number,
            code=provision_code(instrument.code, number),
            order=number_order(number),
            **{k: v for k, v in values.items() if k in PROVISION_FIELDS},
        )
        if error := _invalid(provision, ["instrument"]):
            return error
        new.append((provision, desired_tags or set()))
        counts.added += 1
        return None
    before = {name: getattr(provision, name) for name in PROVISION_FIELDS}
    changed = _assign(provision, record.values, overwrite) + _assign(provision, record.defaults, False)
    if changed and not (provision.title_en or provision.title_ar):
        _restore(provision, before)
        return f"missing title: {provision.code} would be left with no title"
    if changed and (error := _invalid(provision, ["instrument"])):
        _restore(provision, before)
        return error
    current = current_tags.get(provision.pk, set())
    tags_change = desired_tags is not None and desired_tags != current and (overwrite or not current)
    if tags_change:
        retag[provision.pk] = desired_tags or set()
    if changed:
        changed_objects.append(provision)
        changed_fields.update(changed)
    if changed or tags_change:
        counts.changed += 1
    else:
        counts.unchanged += 1
    return None


def _restore(provision: StandardProvision, values: dict[str, Any]) -> None:
    for name, value in values.items():
        setattr(provision, name, value)
