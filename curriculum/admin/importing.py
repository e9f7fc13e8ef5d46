"""The admin's import page: upload a track file, read the plan, confirm.

The plan says what the import will add, change, rename, move and archive, and how many of
learners' ticks, progress rows and submissions each archive touches. Archiving anything a
learner touched needs a second confirmation. The confirmation carries the file's text and the
plan's digest: if the catalog changed since the plan was shown, the new plan is shown instead
of applying one nobody read.
"""

from django import forms
from django.core.validators import FileExtensionValidator

from curriculum.catalog_format import (
    MAX_TRACK_FILE_BYTES,
    CatalogFormatError,
    TrackData,
    check_size,
    decode_track,
    parse_track,
)
from curriculum.importer.validate import validate_for_models


def read_track(text: str, source: str) -> TrackData:
    """The track a file holds, checked as the command checks it; ValidationError lists every
    problem with its line."""
    try:
        track = parse_track(text, source=source)
        validate_for_models(track)
    except CatalogFormatError as error:
        raise forms.ValidationError(
            [forms.ValidationError(str(problem), code="malformed") for problem in error.problems]
        ) from None
    return track


class TrackImportForm(forms.Form):
    track = forms.FileField(
        label="Track file",
        help_text="Markdown in the track file format (.md or .txt), UTF-8, at most 1 MB.",
        validators=[FileExtensionValidator(["md", "markdown", "txt"])],
    )

    def clean_track(self):
        """The file's text, checked: the whole file is refused if anything in it is wrong."""
        upload = self.cleaned_data["track"]
        try:
            check_size(upload.size, upload.name)
            text = decode_track(upload.read(), upload.name)
        except CatalogFormatError as error:
            raise forms.ValidationError(str(error), code="unreadable") from None
        self.source = upload.name
        self.data_track = read_track(text, upload.name)
        return text


class TrackImportConfirmForm(forms.Form):
    """The second step: the file's text as uploaded, and the plan the mentor read."""

    text = forms.CharField(widget=forms.HiddenInput, strip=False, max_length=MAX_TRACK_FILE_BYTES)
    source = forms.CharField(widget=forms.HiddenInput, max_length=255)
    digest = forms.CharField(widget=forms.HiddenInput, max_length=64)
    allow_archive = forms.BooleanField(
        required=False,
        label="Archive the items learners have worked on (their ticks, progress and submissions "
        "are kept, hidden with them)",
    )

    def clean(self):
        cleaned_data = super().clean()
        if "text" in cleaned_data and "source" in cleaned_data:
            self.data_track = read_track(cleaned_data["text"], cleaned_data["source"])
        return cleaned_data
