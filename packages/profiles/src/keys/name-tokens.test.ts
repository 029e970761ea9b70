import { nameTokens } from './name-tokens';

describe('name tokens', () => {
  it('gives one word for the ways clerks write a Russian company', () => {
    for (const name of [
      'ООО «Ромашка»',
      'Ромашка ООО',
      'ООО "Ромашка"',
      'ромашка',
      'Общество с ограниченной ответственностью «Ромашка»',
      'Romashka LLC',
    ]) {
      expect(nameTokens(name)).toEqual(['romashka']);
    }
  });

  it('folds umlauts, drops legal forms and initials', () => {
    expect(nameTokens('Müller Logistik GmbH & Co. KG')).toEqual(['logistik', 'mueller']);
    expect(nameTokens('MUELLER LOGISTIK, GmbH')).toEqual(['logistik', 'mueller']);
    expect(nameTokens('ИП Петров И.И.')).toEqual(['petrov']);
    expect(nameTokens('Индивидуальный предприниматель Петров Иван Иванович')).toEqual([
      'ivan',
      'ivanovich',
      'petrov',
    ]);
    expect(nameTokens('van Dijk B.V.')).toEqual(['dijk', 'van']);
  });
});
