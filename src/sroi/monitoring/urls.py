"""Monitoring pages, mounted at ``/contracten/<contract_pk>/`` (namespace ``monitoring``).
Each part keeps its own patterns: entry (the contractor's realisations, evidence, import and
reports), verify (the coordinator's verification and the progress) and close (the final
assessment)."""

from sroi.monitoring import urls_close, urls_entry, urls_files, urls_verify

app_name = "monitoring"
urlpatterns = [
    *urls_entry.urlpatterns,
    *urls_files.urlpatterns,
    *urls_verify.urlpatterns,
    *urls_close.urlpatterns,
]
