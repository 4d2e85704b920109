"""Reading a request's body: JSON only, within the site's size limit, refusals said plainly.

ninja's default parser turns any failure into "Cannot parse request body" (400, in English, no
field named). Here a body in another format is a 415, a body over DATA_UPLOAD_MAX_MEMORY_SIZE a
413, and malformed JSON a 422 that says where the text breaks, in the caller's language.
"""

import json

from django.utils.translation import gettext as _
from ninja.parser import Parser

from club.core.api.errors import ApiProblem

JSON_TYPES = ("application/json",)


def is_json(content_type: str) -> bool:
    media = content_type.split(";", 1)[0].strip().lower()
    return media in JSON_TYPES or (media.startswith("application/") and media.endswith("+json"))


class JsonParser(Parser):
    def parse_body(self, request):
        content_type = request.META.get("CONTENT_TYPE", "")
        if not is_json(content_type):
            raise ApiProblem(
                415,
                _(
                    "Le corps de la requête doit être du JSON, envoyé avec l'en-tête "
                    "« Content-Type: application/json » (reçu : « %(received)s »)."
                )
                % {"received": content_type.split(";", 1)[0] or _("aucun")},
            )
        try:
            return json.loads(request.body)
        except UnicodeDecodeError:
            reason = _("le texte n'est pas encodé en UTF-8")
        except json.JSONDecodeError as error:
            reason = _("%(problem)s à la ligne %(line)s, colonne %(column)s") % {
                "problem": _json_problem(error.msg),
                "line": error.lineno,
                "column": error.colno,
            }
        message = _("Le corps de la requête n'est pas du JSON valide : %(reason)s.") % {
            "reason": reason
        }
        raise ApiProblem(
            422,
            message,
            errors=[{"loc": ["body"], "message": message}],
        )


def _json_problem(msg: str) -> str:
    """The json module's reason, in the caller's language."""
    known = {
        "Expecting value": _("valeur attendue"),
        "Expecting property name enclosed in double quotes": _(
            "nom de champ entre guillemets droits attendu"
        ),
        "Expecting ',' delimiter": _("virgule attendue"),
        "Expecting ':' delimiter": _("deux-points attendus"),
        "Extra data": _("données en trop après le JSON"),
        "Unterminated string starting at": _("texte non terminé"),
        "Invalid control character at": _("caractère de contrôle interdit"),
        "Invalid \\escape": _("échappement invalide"),
    }
    for start, said in known.items():
        if msg.startswith(start):
            return said
    return _("syntaxe invalide (%(reason)s)") % {"reason": msg}
