from tests.factories import PASSWORD

SIGNUP_PASSWORD = "Une-phrase-de-passe-2026"


def signup_data(**overrides) -> dict:
    data = {
        "first_name": "Camille",
        "last_name": "Durand",
        "email": "camille.durand@exemple.fr",
        "password1": SIGNUP_PASSWORD,
        "password2": SIGNUP_PASSWORD,
        "accept_privacy_notice": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


__all__ = ["PASSWORD", "SIGNUP_PASSWORD", "signup_data"]
