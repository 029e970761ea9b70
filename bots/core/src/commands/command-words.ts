/** The command words, English and Russian: the first word of a text command picks the command. */
export const COMMAND_WORDS = {
  help: ['help', '?', 'помощь', 'справка'],
  start: ['start', 'старт'],
  find: ['find', 'search', 'найти', 'поиск'],
  card: ['card', 'customer', 'карточка', 'клиент'],
  orders: ['orders', 'заказы'],
  timeline: ['timeline', 'history', 'история'],
  note: ['note', 'заметка'],
  tickets: ['tickets', 'заявки'],
  ticket: ['ticket', 'заявка'],
  assign: ['assign', 'назначить'],
  comment: ['comment', 'комментарий'],
  status: ['status', 'статус'],
  resolve: ['resolve', 'решить'],
  reopen: ['reopen', 'переоткрыть'],
  remind: ['remind', 'напомни', 'напомнить'],
  reminders: ['reminders', 'напоминания'],
  done: ['done', 'готово'],
  snooze: ['snooze', 'отложить'],
  cancel: ['cancel', 'отменить'],
  settings: ['settings', 'настройки'],
  dormant: ['dormant', 'спящие'],
} as const;

export type CommandName = keyof typeof COMMAND_WORDS;

const byWord = new Map<string, CommandName>(
  Object.entries(COMMAND_WORDS).flatMap(([name, words]) => words.map((word) => [word, name as CommandName])),
);

/** Sub-command words shared by several commands ("ticket new", "tickets mine", "settings tz"). */
export const SUB_WORDS = {
  new: ['new', 'новая', 'новое', 'новый'],
  mine: ['mine', 'my', 'мои'],
  me: ['me', 'я', 'мне', 'себе'],
  zone: ['tz', 'zone', 'timezone', 'пояс'],
  language: ['lang', 'language', 'язык'],
  notify: ['notify', 'notifications', 'уведомления'],
  tomorrow: ['tomorrow', 'завтра'],
  all: ['all', 'все'],
  telegram: ['telegram', 'телеграм'],
} as const;

export function isSubWord(word: string | undefined, sub: keyof typeof SUB_WORDS): boolean {
  return word !== undefined && (SUB_WORDS[sub] as readonly string[]).includes(word.toLowerCase());
}

/** Splits a command line: "/find@crm_bot Ромашка" → find, "Ромашка"; null when no command word leads. */
export function readCommand(text: string): { name: CommandName; args: string } | null {
  const trimmed = text.trim().replace(/^\//, '');
  const match = /^(\S+)\s*([\s\S]*)$/.exec(trimmed);
  if (!match) return null;
  const word = match[1]!.replace(/@\w+$/, '').toLowerCase();
  const name = byWord.get(word);
  return name ? { name, args: match[2]!.trim() } : null;
}
