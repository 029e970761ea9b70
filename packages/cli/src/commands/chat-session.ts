import {
  type ChatBot,
  type ChatForm,
  type ChatReply,
  type ChatRequest,
  renderPlain,
  renderPlainForm,
} from '@crm-bridge/bot-core';

/** How a terminal chat talks: print a text, ask for a line (null at the end of input). */
export interface ChatTerminal {
  print(text: string): void;
  ask(prompt: string): Promise<string | null>;
}

const QUIT = new Set(['quit', 'exit', 'q', 'выход']);

/**
 * The bot's commands in a terminal, as one employee (channel `cli`): numbered choices stand in for
 * buttons, forms are asked field by field. The same ChatBot as Slack and Telegram, so the same roles
 * and audit apply.
 */
export class ChatSession {
  /** The choices of the last answer: number → action. */
  private choices = new Map<number, string>();

  constructor(
    private readonly bot: ChatBot,
    private readonly employeeId: string,
    private readonly terminal: ChatTerminal,
  ) {}

  private request(input: ChatRequest['input']): ChatRequest {
    return { user: { channel: 'cli', id: this.employeeId }, place: { id: 'cli', kind: 'private' }, input };
  }

  /** Runs one line: a number presses that button of the last answer, anything else is a command. */
  async line(text: string, options: { interactive: boolean }): Promise<void> {
    const trimmed = text.trim();
    const choice = /^\d{1,3}$/.test(trimmed) ? this.choices.get(Number(trimmed)) : undefined;
    const reply = await this.bot.handle(
      this.request(choice ? { kind: 'action', data: choice } : { kind: 'text', text: trimmed }),
    );
    await this.show(reply, options);
  }

  private async show(reply: ChatReply, options: { interactive: boolean }): Promise<void> {
    this.choices.clear();
    let next = 1;
    if (reply.notice && reply.messages.length === 0) this.terminal.print(reply.notice);
    for (const view of reply.messages) {
      const plain = renderPlain(view, { firstNumber: next });
      next += plain.choices.length;
      for (const choice of plain.choices) this.choices.set(choice.number, choice.action);
      this.terminal.print(`${plain.text}\n`);
    }
    if (reply.openForm) {
      if (!options.interactive) {
        this.terminal.print(
          `${reply.openForm.title}: ${reply.openForm.fields.map((f) => f.label).join(', ')} (run "crm-bridge chat" without --once to fill it in)`,
        );
        return;
      }
      await this.fill(reply.openForm);
    }
  }

  /** Asks each field of a form in turn and submits it; an end of input abandons the form. */
  private async fill(form: ChatForm): Promise<void> {
    this.terminal.print(form.title);
    const values: Record<string, string> = { ...form.hidden };
    for (const [index, field] of form.fields.entries()) {
      const answer = await this.terminal.ask(renderPlainForm(form, index));
      if (answer === null) return;
      values[field.id] = answer.trim() || field.initial || '';
    }
    const reply = await this.bot.handle(this.request({ kind: 'form', form: form.name, values }));
    await this.show(reply, { interactive: true });
  }

  /** The read-eval-print loop until "quit" or the end of input. */
  async loop(): Promise<void> {
    await this.line('help', { interactive: true });
    for (;;) {
      const text = await this.terminal.ask('> ');
      if (text === null || QUIT.has(text.trim().toLowerCase())) return;
      if (text.trim()) await this.line(text, { interactive: true });
    }
  }
}
