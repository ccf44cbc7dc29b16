"""Plateforme du contrat d'engagement de service public (CESP)."""
