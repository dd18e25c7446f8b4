"""The three-valued answer: nothing unanswered is ever read as "nee"."""
import pytest

from procedure.domain.answers import Answer, HelpStatus, open_questions


@pytest.mark.parametrize("raw, expected", [("ja", Answer.JA), ("NEE", Answer.NEE), (" onbekend ", Answer.ONBEKEND),
                                           (True, Answer.JA), (False, Answer.NEE), (Answer.NEE, Answer.NEE),
                                           (None, None), ("", None)])
def test_parse(raw, expected):
    assert Answer.parse(raw) is expected


@pytest.mark.parametrize("raw", ["misschien", 0, "j", "false"])
def test_parse_refuses_anything_else(raw):
    with pytest.raises(ValueError, match="ja, nee of onbekend"):
        Answer.parse(raw)


def test_help_status_maps_only_clear_statuses():
    assert HelpStatus.AANVAARD.help_accepted() is Answer.JA
    assert HelpStatus.GEWEIGERD.help_accepted() is Answer.NEE
    assert HelpStatus.AANGEBODEN.help_accepted() is Answer.ONBEKEND
    assert HelpStatus.NIET_AANGEBODEN.help_accepted() is Answer.ONBEKEND


def test_open_questions_lists_unanswered_not_onbekend():
    labels = {"help": "Hulp aanvaard", "keys": "Sleutels ingeleverd", "kids": "Kinderen aanwezig"}
    got = open_questions({"help": Answer.ONBEKEND, "keys": None}, labels)
    assert got == ["Sleutels ingeleverd", "Kinderen aanwezig"]
