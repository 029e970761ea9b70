import { ChatRateGuard } from './chat-rate-guard';

describe('ChatRateGuard', () => {
  let now = 0;
  const guard = () =>
    new ChatRateGuard(
      { telegram: { perChatMs: 1000, overallMs: 34 }, slack: { perChatMs: 1000, overallMs: 0 } },
      () => now,
    );
  beforeEach(() => {
    now = 1_000_000;
  });

  it('spaces messages to one chat by a second', () => {
    const g = guard();
    expect(g.reserve('telegram', '1')).toBe(0);
    expect(g.reserve('telegram', '1')).toBe(1000);
    expect(g.reserve('telegram', '1')).toBe(2000);
    now += 1500;
    expect(g.delayFor('telegram', '1')).toBe(1500);
  });

  it('lets different chats go side by side, within the bot-wide rate', () => {
    const g = guard();
    const waits = ['1', '2', '3', '4'].map((chat) => g.reserve('telegram', chat));
    // Telegram: at most ~30 messages a second in all.
    expect(waits).toEqual([0, 34, 68, 102]);
    // Slack has no bot-wide spacing here, and does not share Telegram's.
    expect(['1', '2'].map((chat) => g.reserve('slack', chat))).toEqual([0, 0]);
  });

  it('asking does not reserve; a 429 holds the chat for the time it gave', () => {
    const g = guard();
    expect(g.delayFor('slack', 'U1')).toBe(0);
    expect(g.delayFor('slack', 'U1')).toBe(0);
    g.holdChat('slack', 'U1', 30_000);
    expect(g.delayFor('slack', 'U1')).toBe(30_000);
    expect(g.delayFor('slack', 'U2')).toBe(0);
    now += 30_000;
    expect(g.reserve('slack', 'U1')).toBe(0);
  });
});
