import { COMMAND_WORDS } from '@crm-bridge/bot-core';
import { commandList, coreText, parseCommand } from './telegram-commands';

describe('Telegram commands', () => {
  it('strips @botname, ignores commands for other bots, and says whether the core knows the word', () => {
    expect(parseCommand('/find@CRM_Test_Bot  Иванов & Co', 'crm_test_bot')).toEqual({
      command: 'find',
      args: 'Иванов & Co',
      known: true,
      addressed: true,
    });
    expect(parseCommand('/find@other_bot x', 'crm_test_bot')).toBeNull();
    expect(parseCommand('/start abc123', undefined)).toEqual({
      command: 'start',
      args: 'abc123',
      known: true,
      addressed: false,
    });
    expect(parseCommand('/Help', 'crm_test_bot')).toMatchObject({ command: 'help', known: true });
    expect(parseCommand('/rm -rf', 'crm_test_bot')).toEqual({
      command: 'rm',
      args: '-rf',
      known: false,
      addressed: false,
    });
    expect(parseCommand('/Напомни завтра', 'crm_test_bot')).toMatchObject({
      command: 'напомни',
      known: true,
    });
    expect(parseCommand('find x', 'crm_test_bot')).toBeNull();
    expect(parseCommand('/etc/hosts', 'crm_test_bot')).toBeNull();
    expect(parseCommand(`/${'x'.repeat(33)}`, 'crm_test_bot')).toBeNull();
  });

  it('knows every command word of the core', () => {
    for (const word of Object.values(COMMAND_WORDS).flat()) {
      expect(parseCommand(`/${word} a b`, undefined)).toMatchObject({ known: true, args: 'a b' });
    }
    expect(coreText({ command: 'cancel', args: '1a2b' })).toBe('cancel 1a2b');
    expect(coreText({ command: 'help', args: '' })).toBe('help');
  });

  it('builds the same menu in English and Russian within Telegram limits', () => {
    const [en, ru] = [commandList('en'), commandList('ru')];
    expect(en.map((c) => c.command)).toEqual(ru.map((c) => c.command));
    expect(en.length).toBeLessThanOrEqual(100);
    expect(en.map((c) => c.command)).not.toContain('start');
    expect(ru.find((c) => c.command === 'cancel')!.description).toMatch(/^Отменить/);
  });
});
