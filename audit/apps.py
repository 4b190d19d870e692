from typing import Any

from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = "Audit trail"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        _wagtail_csv_cells_neutralised()


def _wagtail_csv_cells_neutralised() -> None:
    """Wagtail's own CSV exports (site history, workflows, aging and locked pages, redirects: what Administrators
    download to review what happened) write cells as they are, and a name or title a researcher typed could run as
    a spreadsheet formula in an Administrator's spreadsheet. Each cell goes through ``text.csv_export.csv_cell``,
    as in every export of ours. (Wagtail's XLSX exports already keep formulas as text.)"""
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    from text.csv_export import csv_cell

    if getattr(SpreadsheetExportMixin.write_csv_row, "neutralised", False):
        return

    def write_csv_row(self: SpreadsheetExportMixin, writer: Any, row_dict: dict[str, Any]) -> Any:
        # Wagtail's own body, with each value as it would be written passed through csv_cell.
        cells = {}
        for field, value in row_dict.items():
            written = self.preprocess_field_value(field, value, self.FORMAT_CSV)
            cells[field] = csv_cell(written) if isinstance(written, str) else written
        return writer.writerow(cells)

    write_csv_row.neutralised = True  # type: ignore[attr-defined]
    SpreadsheetExportMixin.write_csv_row = write_csv_row
