"""/abonner: the one-line form, the guided flow's buttons and its keywords prompt."""

from __future__ import annotations

from telegram import Message, Update
from telegram.ext import Application, MessageHandler, filters

from postes.conversation import messages
from postes.conversation.offers import offers_reply, read_footer
from postes.conversation.subscribe import allow_any_keyword, create_subscription
from postes.conversation.subscribe_flow import PROMPT_TITLE, Prompt, flow_step, keywords_answer
from postes.platforms.telegram.context import BotContext
from postes.platforms.telegram.handlers.common import (
    button_handler,
    chat_ref,
    command_handler,
    command_text,
    edit_or_reply,
    pressed,
    refuse_unless_manager,
    reply,
)
from postes.platforms.telegram.render import send_reply


class _RepliesToKeywordsPrompt(filters.MessageFilter):
    """Text answering our "Mots-clés du nouvel abonnement" prompt (state is in its text)."""

    def filter(self, message: Message) -> bool:
        prompt = message.reply_to_message
        return bool(prompt and prompt.text and prompt.text.startswith(PROMPT_TITLE))


KEYWORDS_REPLY = filters.TEXT & ~filters.COMMAND & _RepliesToKeywordsPrompt()


async def subscribe(update: Update, context: BotContext) -> None:
    """Create a subscription in one line, or start the guided flow without arguments."""
    if await refuse_unless_manager(update, context):
        return
    text = command_text(update)
    if text.strip():
        answer = await create_subscription(
            sessions=context.sessions,
            chat=chat_ref(update, context),
            text=text,
            now=context.now(),
            today=context.today(),
        )
    else:
        step = await flow_step(
            sessions=context.sessions,
            chat=chat_ref(update, context),
            data="sf:",
            now=context.now(),
            today=context.today(),
        )
        assert not isinstance(step, Prompt)
        assert step is not None
        answer = step
    await reply(update, context, answer)


async def flow_button(update: Update, context: BotContext) -> None:
    """A button of the guided flow: show the next step, ask for keywords, or create."""
    query = update.callback_query
    assert query is not None
    assert query.data is not None
    if await refuse_unless_manager(update, context):
        return
    step = await flow_step(
        sessions=context.sessions,
        chat=chat_ref(update, context),
        data=query.data,
        now=context.now(),
        today=context.today(),
    )
    if step is None:
        await query.answer(messages.expired_button(), show_alert=True)
        return
    await query.answer()
    if isinstance(step, Prompt):
        assert update.effective_chat is not None
        await send_reply(
            context.bot, update.effective_chat.id, step.reply, force_reply=step.placeholder
        )
    elif query.data == "sf:":  # from the greeting: keep it, start the flow below
        await reply(update, context, step)
    else:
        await edit_or_reply(update, context, step)


async def keywords(update: Update, context: BotContext) -> None:
    """The answer to the keywords prompt: create the subscription."""
    message = update.effective_message
    assert message is not None
    assert message.reply_to_message is not None
    if await refuse_unless_manager(update, context):
        return
    answer = await keywords_answer(
        sessions=context.sessions,
        chat=chat_ref(update, context),
        prompt_text=message.reply_to_message.text,
        typed=message.text or "",
        now=context.now(),
        today=context.today(),
    )
    if answer is not None:
        await reply(update, context, answer)


async def subscribe_to_search(update: Update, context: BotContext) -> None:
    """ "M'abonner à cette recherche" under results: subscribe to the query in the footer."""
    query = update.callback_query
    assert query is not None
    if await refuse_unless_manager(update, context):
        return
    found = read_footer(getattr(query.message, "text", None))
    if found is None or not found[0]:
        await query.answer(messages.expired_button(), show_alert=True)
        return
    await query.answer()
    answer = await create_subscription(
        sessions=context.sessions,
        chat=chat_ref(update, context),
        text=found[0],
        now=context.now(),
        today=context.today(),
    )
    # Redraw the results: the button that subscribes to them has done its job.
    results = await offers_reply(
        sessions=context.sessions,
        chat=chat_ref(update, context),
        query_text=found[0],
        page=found[1],
        today=context.today(),
    )
    await edit_or_reply(update, context, results)
    await reply(update, context, answer)


async def any_keyword(update: Update, context: BotContext) -> None:
    """`sub:any:<id>` under a new subscription: one of its keywords is enough."""
    query = update.callback_query
    assert query is not None
    if await refuse_unless_manager(update, context):
        return
    await query.answer()
    answer = await allow_any_keyword(
        sessions=context.sessions,
        chat=chat_ref(update, context),
        subscription_id=pressed(update).number(),
        today=context.today(),
    )
    await reply(update, context, answer)


def register(app: Application) -> None:
    """Add the subscribe handlers."""
    app.add_handler(command_handler("subscribe", subscribe))
    app.add_handler(button_handler(flow_button, "subscribe.flow"))
    app.add_handler(button_handler(subscribe_to_search, "subscribe.search"))
    app.add_handler(button_handler(any_keyword, "subscription.any"))
    app.add_handler(MessageHandler(KEYWORDS_REPLY, keywords))
