import type { ChatForm, ChatView, Span, ViewBlock } from '../chat-contract';

/** A view as terminal text, with its buttons numbered: the user types the number to press one. */
export interface PlainMessage {
  text: string;
  /** Number → the button's action, in the order shown. */
  choices: Array<{ number: number; label: string; action: string }>;
}

/**
 * Terminal "escaping": control characters (ANSI escape sequences, carriage returns, bells) are shown
 * as visible code points, so ERP or user data cannot move the cursor or recolour the screen.
 */
export function plainText(text: string): string {
  return text.replace(
    // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point here
    /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function span(s: Span): string {
  if (typeof s === 'string') return plainText(s);
  if ('bold' in s) return plainText(s.bold);
  if ('italic' in s) return plainText(s.italic);
  if ('code' in s) return plainText(s.code);
  return `${plainText(s.link)} <${plainText(s.url)}>`;
}

const spans = (list: Span[]) => list.map(span).join('');

function block(b: ViewBlock): string {
  switch (b.type) {
    case 'heading':
      return `\n${plainText(b.text)}\n${'─'.repeat(Math.min(60, Math.max(3, b.text.length)))}`;
    case 'line':
      return spans(b.spans);
    case 'fields':
      return b.fields.map((f) => `${plainText(f.label)}: ${spans(f.value)}`).join('\n');
    case 'list':
      return b.items.map((item) => `  • ${spans(item)}`).join('\n');
    case 'context':
      return `  ${spans(b.spans)}`;
    case 'divider':
      return '─'.repeat(20);
  }
}

/** Renders a view as plain text; buttons are numbered from `firstNumber`. */
export function renderPlain(view: ChatView, options: { firstNumber?: number } = {}): PlainMessage {
  let next = options.firstNumber ?? 1;
  const choices: PlainMessage['choices'] = [];
  const lines = view.blocks.map(block);
  for (const row of view.buttons ?? []) {
    const cells = row.map((button) => {
      const number = next++;
      choices.push({ number, label: button.label, action: button.action });
      return `[${number}] ${plainText(button.label)}`;
    });
    lines.push(cells.join('  '));
  }
  return { text: lines.join('\n').replace(/^\n+/, ''), choices };
}

/** The prompt of one form field in the terminal: label, hint, options, and (optional) / [initial]. */
export function renderPlainForm(form: ChatForm, fieldIndex: number): string {
  const field = form.fields[fieldIndex];
  if (!field) return '';
  const parts = [plainText(field.label)];
  if (field.options)
    parts.push(`(${field.options.map((o) => `${o.value} = ${plainText(o.label)}`).join(', ')})`);
  if (field.hint) parts.push(`— ${plainText(field.hint)}`);
  if (field.initial) parts.push(`[${plainText(field.initial)}]`);
  if (field.optional) parts.push('(optional)');
  return `${parts.join(' ')}: `;
}
