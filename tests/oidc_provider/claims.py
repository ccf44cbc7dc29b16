"""The claims the test provider gives: what the provider's user model holds, plus a birth date."""

BIRTH_DATES = {"camille.fc": "1999-04-12", "nora.fc": "2000-01-31"}


def userinfo(claims, user):
    claims["email"] = user.email
    claims["email_verified"] = True
    claims["given_name"] = user.first_name
    claims["family_name"] = user.last_name
    claims["birthdate"] = BIRTH_DATES.get(user.username, "")
    return claims
