"""The bot's fixed French texts (HTML), in one place so their tone stays consistent.

Texts built from data live next to the logic that builds them, in the other `conversation/` modules.
"""

from __future__ import annotations

from postes.conversation.commands import command as c

_ONE_LINE_EXAMPLE = 'corps:attaché employeur:"province sud" informatique'


def greeting() -> str:
    """The first words to a new chat."""
    return (
        "Bonjour ! Je signale les avis de vacance de postes de la fonction publique "
        "en Nouvelle-Calédonie.\n"
        f"🔎 Cherchez parmi les offres ouvertes : {c('offers', 'attaché')}\n"
        f"🔔 Abonnez-vous pour être prévenu de chaque nouvelle offre : {c('subscribe')}\n"
        "⏰ Je vous rappelle les dates limites avant qu'il ne soit trop tard : " + c("deadlines")
    )


def help_text() -> str:
    """What the bot can do, with examples."""
    return (
        "<b>Ce que je sais faire</b>\n"
        f"{c('offers')} <i>mots</i> — chercher parmi les offres ouvertes "
        f"(ex. : {c('offers', 'attaché informatique')})\n"
        "   filtres possibles : <code>corps:rédacteur</code>, "
        '<code>employeur:"province sud"</code>, <code>lieu:Koné</code> ; '
        "un seul mot parmi plusieurs : <code>informatique OU réseaux</code>\n"
        f"{c('offer')} <i>référence</i> — le détail d'une offre\n"
        f"{c('subscribe')} — être alerté des nouvelles offres (guidé), ou en une ligne : "
        f"<code>{c('subscribe', _ONE_LINE_EXAMPLE)}</code>\n"
        f"{c('subscriptions')} — voir, mettre en pause ou supprimer vos abonnements\n"
        f"{c('deadlines')} — les dates limites qui approchent\n"
        f"{c('settings')} — rappels "
        f"(à vos dates : <code>{c('settings', 'rappels 14 3 1')}</code>), "
        "résumé quotidien, heures calmes, pause\n"
        f"{c('stop')} — tout oublier vous concernant\n"
        f"Les commandes anglaises ({c('offers', english=True)}, "
        f"{c('subscribe', english=True)}…) fonctionnent aussi."
    )


def unknown_command() -> str:
    """A command we do not know."""
    return "Je ne connais pas cette commande.\n\n" + help_text()


def free_text() -> str:
    """Text that is not a command, where the bot is spoken to."""
    return (
        "Je ne comprends que les commandes. Pour chercher ces mots parmi les offres, "
        f"tapez {c('offers')} suivi de vos mots.\n\n" + help_text()
    )


def free_text_private() -> str:
    """Plain text in a private chat that is not a search (a greeting, a long message)."""
    return (
        "Écrivez-moi quelques mots et je les cherche parmi les offres ouvertes "
        "(par exemple : attaché informatique), ou utilisez une commande.\n\n" + help_text()
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


def expired_button() -> str:
    """A button whose data is not (or no longer) one we understand."""
    return f"Ce bouton n'est plus valable. Tapez {c('help')} pour repartir."


STOP_CONFIRM = (
    "Voulez-vous vraiment que j'oublie tout ce qui concerne cette conversation : "
    "abonnements, offres suivies et réglages ? C'est définitif."
)


def stop_done() -> str:
    """After /stop was confirmed."""
    return (
        "C'est fait : toutes vos données ont été effacées et je ne vous écrirai plus. "
        f"Si vous changez d'avis, tapez {c('start')}."
    )


STOP_CANCELLED = "Rien n'a été effacé. Vos abonnements continuent."
NOTHING_TO_FORGET = "Je n'ai rien enregistré vous concernant. À bientôt !"
