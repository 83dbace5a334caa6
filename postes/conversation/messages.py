"""The bot's fixed French texts (HTML), in one place so their tone stays consistent.

Texts built from data live next to the logic that builds them, in the other `conversation/` modules.
"""

from __future__ import annotations

# (command, French alias, description for setMyCommands). The French name is the one shown.
COMMANDS: tuple[tuple[str, str, str], ...] = (
    ("start", "start", "Présentation du bot"),
    ("offers", "offres", "Chercher des offres : /offres attaché"),
    ("offer", "offre", "Détail d'une offre : /offre RÉFÉRENCE"),
    ("subscribe", "abonner", "Être alerté des nouvelles offres"),
    ("subscriptions", "abonnements", "Voir et gérer vos abonnements"),
    ("unsubscribe", "desabonner", "Supprimer un abonnement"),
    ("deadlines", "echeances", "Vos prochaines dates limites"),
    ("settings", "reglages", "Rappels, résumé quotidien, heures calmes"),
    ("help", "aide", "Aide et exemples"),
    ("stop", "stop", "Tout oublier (abonnements, réglages)"),
)

GREETING = (
    "Bonjour ! Je signale les avis de vacance de postes de la fonction publique "
    "en Nouvelle-Calédonie.\n"
    "🔎 Cherchez parmi les offres ouvertes : /offres attaché\n"
    "🔔 Abonnez-vous pour être prévenu de chaque nouvelle offre : /abonner\n"
    "⏰ Je vous rappelle les dates limites avant qu'il ne soit trop tard : /echeances"
)

HELP = (
    "<b>Ce que je sais faire</b>\n"
    "/offres <i>mots</i> — chercher parmi les offres ouvertes "
    "(ex. : /offres attaché informatique)\n"
    '   filtres possibles : <code>corps:rédacteur</code>, <code>employeur:"province sud"</code>, '
    "<code>lieu:Koné</code> ; un seul mot parmi plusieurs : <code>informatique OU réseaux</code>\n"
    "/offre <i>référence</i> — le détail d'une offre\n"
    "/abonner — être alerté des nouvelles offres (guidé), ou en une ligne : "
    '<code>/abonner corps:attaché employeur:"province sud" informatique</code>\n'
    "/abonnements — voir, mettre en pause ou supprimer vos abonnements\n"
    "/echeances — les dates limites qui approchent\n"
    "/reglages — rappels (ou à vos dates : <code>/reglages rappels 14 3 1</code>), "
    "résumé quotidien, heures calmes, pause\n"
    "/stop — tout oublier vous concernant\n"
    "Les commandes anglaises (/offers, /subscribe…) fonctionnent aussi."
)

UNKNOWN_COMMAND = "Je ne connais pas cette commande.\n\n" + HELP
FREE_TEXT = (
    "Écrivez-moi quelques mots et je les cherche parmi les offres ouvertes "
    "(par exemple : attaché informatique), ou utilisez une commande.\n\n" + HELP
)
ADMINS_ONLY = (
    "Désolé, seuls les administrateurs de ce groupe peuvent modifier ses abonnements "
    "et ses réglages. Vous pouvez aussi m'écrire en privé pour recevoir vos propres alertes."
)
ADMINS_ONLY_SHORT = "Réservé aux administrateurs du groupe."
SOMETHING_WENT_WRONG = (
    "Oups, quelque chose s'est mal passé de mon côté. L'erreur est notée ; "
    "merci de réessayer dans un instant."
)
EXPIRED_BUTTON = "Ce bouton n'est plus valable. Tapez /aide pour repartir."
STOP_CONFIRM = (
    "Voulez-vous vraiment que j'oublie tout ce qui concerne cette conversation : "
    "abonnements, offres suivies et réglages ? C'est définitif."
)
STOP_DONE = (
    "C'est fait : toutes vos données ont été effacées et je ne vous écrirai plus. "
    "Si vous changez d'avis, tapez /start."
)
STOP_CANCELLED = "Rien n'a été effacé. Vos abonnements continuent."
NOTHING_TO_FORGET = "Je n'ai rien enregistré vous concernant. À bientôt !"
