import nock from 'nock';

/**
 * nock for one test file: no real network, every mock used by the end of each test, and the interceptor
 * removed after the file. nock patches node's http module, which all files of a jest worker share: left
 * active, it would intercept the next file's requests and drop their socket errors.
 */
export function useNock(afterEachTest?: () => void): void {
  beforeAll(() => {
    if (!nock.isActive()) nock.activate();
    nock.disableNetConnect();
  });
  afterEach(() => {
    // Clean before asserting: a left-over interceptor must not leak into the next test's failure.
    const pending = nock.pendingMocks();
    nock.cleanAll();
    afterEachTest?.();
    expect(pending).toEqual([]);
  });
  afterAll(() => {
    nock.enableNetConnect();
    nock.restore();
  });
}
