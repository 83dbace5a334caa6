import pytest

from postes.offers.documents import document_text, normalise_text, pdf_page_count
from postes.offers.model import NotAnOffer
from tests.offers.pdf_fixture import make_pdf


def test_txt_is_decoded_as_utf8() -> None:
    assert document_text("Référence : Nouméa".encode(), "avis.txt") == "Référence : Nouméa"


def test_txt_falls_back_to_cp1252() -> None:
    assert document_text("Employeur : Païta – Été".encode("cp1252"), "avis.txt") == (
        "Employeur : Païta – Été"
    )


def test_unknown_extension_is_rejected() -> None:
    with pytest.raises(NotAnOffer, match="non pris en charge"):
        document_text(b"PK\x03\x04", "avis.docx")


def test_extension_is_case_insensitive() -> None:
    assert document_text(b"Bonjour", "AVIS.TXT") == "Bonjour"


def test_markdown_headings_of_any_level_keep_one_mark() -> None:
    assert document_text(b"### Missions ###\ntexte", "a.md") == "# Missions\ntexte"


def test_markdown_emphasis_is_dropped() -> None:
    assert document_text(b"**Employeur** : __Province Sud__", "a.md") == (
        "Employeur : Province Sud"
    )


def test_markdown_table_keeps_rows_without_separator() -> None:
    data = b"| Poste | Corps |\n| --- | :---: |\n| Agent | Technicien |"
    assert document_text(data, "a.md") == "| Poste | Corps |\n| Agent | Technicien |"


def test_html_drops_script_and_style() -> None:
    html = b"<style>p{color:red}</style><p>Texte</p><script>alert(1)</script>"
    assert document_text(html, "a.html") == "Texte"


def test_html_blocks_become_lines() -> None:
    html = b"<div>Employeur : Province Sud</div><p>Lieu : Kon\xc3\xa9<br>Nord</p>"
    assert document_text(html, "a.htm") == "Employeur : Province Sud\nLieu : Koné\nNord"


def test_html_table_cells_are_separated_by_pipes() -> None:
    html = b"<table><tr><th>Employeur</th><td>Province Sud</td></tr></table>"
    assert document_text(html, "a.html") == "Employeur | Province Sud"


def test_html_entities_are_decoded() -> None:
    html = b"<h1>S\xc3\xa9curit\xc3\xa9 &amp; r&eacute;seaux &lt;SIG&gt;</h1>"
    assert document_text(html, "a.html") == "# Sécurité & réseaux <SIG>"


def test_html_list_items_become_dashed_lines() -> None:
    assert document_text(b"<ul><li>un</li><li>deux</li></ul>", "a.html") == "- un\n- deux"


def test_pdf_text_keeps_accents() -> None:
    data = make_pdf([["Employeur : Province des îles Loyauté", "Date limite : 1er août 2025"]])
    assert document_text(data, "avis.pdf") == (
        "Employeur : Province des îles Loyauté\nDate limite : 1er août 2025"
    )


def test_pdf_pages_are_separated_by_a_blank_line() -> None:
    data = make_pdf([["Page un"], ["Page deux"]])
    assert document_text(data, "avis.pdf") == "Page un\n\nPage deux"


def test_pdf_page_count() -> None:
    assert pdf_page_count(make_pdf([["a"], ["b"], ["c"]])) == 3


def test_pdf_without_text_is_rejected_as_scanned() -> None:
    with pytest.raises(NotAnOffer, match=r"PDF sans texte \(scanné \?\)"):
        document_text(make_pdf([[]]), "scan.pdf")


def test_garbage_named_pdf_is_rejected() -> None:
    with pytest.raises(NotAnOffer, match="PDF illisible ou endommagé"):
        document_text(b"this is not a pdf at all", "avis.pdf")


def test_truncated_pdf_is_rejected() -> None:
    with pytest.raises(NotAnOffer, match="PDF"):
        document_text(make_pdf([["Texte"]])[:60], "avis.pdf")


def test_no_break_spaces_become_spaces() -> None:
    assert normalise_text("Date\u00a0limite\u202f: 1\u00a0août") == "Date limite : 1 août"


def test_superscript_ordinal_becomes_plain() -> None:
    assert normalise_text("1ᵉʳ août, 2ᵉ grade") == "1er août, 2e grade"


def test_ligatures_are_expanded() -> None:
    assert normalise_text("ofﬁce efﬂuent") == "office effluent"


def test_soft_hyphens_are_removed() -> None:
    assert normalise_text("adminis\u00adtration") == "administration"


def test_hyphenated_line_break_is_joined() -> None:
    assert normalise_text("adminis-\ntration") == "administration"


def test_hyphenated_proper_name_keeps_its_hyphen() -> None:
    assert normalise_text("Ville du Mont-\nDore") == "Ville du Mont-Dore"


def test_runs_of_spaces_collapse() -> None:
    assert normalise_text("Lieu  de   travail") == "Lieu de travail"


def test_wide_gap_between_columns_becomes_a_tab() -> None:
    assert normalise_text("10 postes – Réorganisation          Ville de") == (
        "10 postes – Réorganisation\tVille de"
    )


def test_table_padding_is_not_a_column_gap() -> None:
    assert normalise_text("| Poste        | Corps      |") == "| Poste | Corps |"


def test_blank_line_runs_collapse_to_one() -> None:
    assert normalise_text("a\r\n\r\n\r\n\r\nb") == "a\n\nb"
