/** Test doubles for Slack: the fake Web API and signed inbound requests, for this package and the CLI's tests. */
export * from './fake-slack';
export * from './slack-requests';
