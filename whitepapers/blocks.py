"""The blocks a whitepaper's body is made of. Each renders itself in DSFR markup and in the PDF."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("texte"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("niveau"),
        choices=[("h2", _("Titre de section")), ("h3", _("Sous-titre"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        label = _("Titre")
        template = "whitepapers/blocks/heading.html"


class TableBlock(blocks.StructBlock):
    """A simple data table: a caption, one header row and rows of cells."""

    caption = blocks.CharBlock(label=_("légende du tableau"), max_length=200)
    header = blocks.ListBlock(blocks.CharBlock(label=_("en-tête")), label=_("en-têtes"))
    rows = blocks.ListBlock(
        blocks.ListBlock(blocks.CharBlock(label=_("cellule"), required=False), label=_("ligne")),
        label=_("lignes"),
    )

    class Meta:
        icon = "table"
        label = _("Tableau")
        template = "whitepapers/blocks/table.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("citation"))
    author = blocks.CharBlock(label=_("auteur"), required=False)
    source = blocks.CharBlock(label=_("source"), required=False)

    class Meta:
        icon = "openquote"
        label = _("Citation")
        template = "whitepapers/blocks/quote.html"


class FigureBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("image"))
    alt = blocks.CharBlock(
        label=_("texte alternatif"),
        max_length=250,
        help_text=_("Obligatoire : décrit l'image pour les personnes qui ne la voient pas."),
    )
    caption = blocks.CharBlock(label=_("légende"), required=False)

    class Meta:
        icon = "image"
        label = _("Figure")
        template = "whitepapers/blocks/figure.html"


class CalloutBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("titre"), max_length=200)
    text = blocks.TextBlock(label=_("texte"))

    class Meta:
        icon = "warning"
        label = _("Mise en avant")
        template = "whitepapers/blocks/callout.html"


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("document"))
    title = blocks.CharBlock(label=_("intitulé"), required=False)

    class Meta:
        icon = "doc-full"
        label = _("Document à télécharger")
        template = "whitepapers/blocks/document.html"


class WhitepaperBodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Texte"),
        features=["bold", "italic", "link", "ol", "ul"],
        template="whitepapers/blocks/paragraph.html",
    )
    table = TableBlock()
    quote = QuoteBlock()
    figure = FigureBlock()
    callout = CalloutBlock()
    document = DocumentBlock()
