"""Chat front ends: each renders conversation outcomes and sends through its own limiter.

Adding a platform (Teams, Matrix, Discord…) touches only a new `platforms/<name>/` package:
1. Receive its updates and build a `conversation.caller.Caller`: a `ChatRef` with the
   platform's name, its workspace ("" when chat ids are global) and the chat id as text,
   the actor, now and today, and `may_manage` saying who may change a shared chat.
2. Call the core: `actions.run_command` (names from `conversation.commands`),
   `presses.press_button` (button data from `conversation.buttons`, kept opaque),
   `actions.answer_prompt`, `actions.free_text`; render the outcomes it returns
   (Send, Edit, Toast, Prompt, Attachment), converting the core's small HTML subset.
3. Spell commands its way: wrap the handling in `commands.naming(...)` if not `/offres`.
4. Write a `jobs.errors.Sender` that maps its errors to RetryAfter / ChatUnavailable /
   MessageRejected and paces itself; register it with `Senders().add(name, sender,
   naming=...)` where the scheduler is built. Nothing in conversation/, jobs/, storage/ or
   offers/ changes, and `tests/test_layering.py` keeps it that way.
"""
