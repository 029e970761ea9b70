import type { ChatReply, ChatView } from '../chat-contract';

/** A reply of one plain line. */
export function textReply(text: string, options: { notice?: string } = {}): ChatReply {
  return { messages: [textView(text)], ...(options.notice ? { notice: options.notice.slice(0, 200) } : {}) };
}

/** A view of one plain line. */
export function textView(text: string): ChatView {
  return { summary: text, blocks: [{ type: 'line', spans: [text] }] };
}

/** A reply of views. */
export function viewReply(...messages: ChatView[]): ChatReply {
  return { messages };
}
