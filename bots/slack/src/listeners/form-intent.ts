/**
 * Whether an input will likely make the core open a form. A form needs views.open within 3 s of the
 * trigger, so the adapter opens a loading modal first when this says yes, before anything slow runs.
 * A wrong "no" still works when the core is quick (the form opens directly); a wrong "yes" shows the
 * core's answer in the modal instead of the chat.
 */
import { type ActionVerb, type ChatInput, decodeAction, isSubWord, readCommand } from '@crm-bridge/bot-core';

/** Buttons whose handler answers with a form (bots/core actions/action-router.ts). */
const FORM_VERBS: ReadonlySet<ActionVerb> = new Set(['note', 'ticketNew', 'ticketComment', 'reminderNew']);

/** True when the core answers this input with a form: `ticket new …`, `note <customer>`, `remind` alone. */
export function leadsToForm(input: ChatInput): boolean {
  if (input.kind === 'action') {
    const action = decodeAction(input.data);
    return action !== null && FORM_VERBS.has(action.verb);
  }
  if (input.kind !== 'text') return false;
  const command = readCommand(input.text);
  if (command === null) return false;
  const firstArg = command.args.split(/\s+/)[0];
  switch (command.name) {
    case 'ticket':
      return isSubWord(firstArg, 'new');
    case 'note':
      return command.args !== '';
    case 'remind':
      return command.args === '';
    default:
      return false;
  }
}
