/** @crm-bridge/bot-slack: the Slack app (Bolt) over the channel-neutral bot core. */

export { BLOCK_LIMITS } from './block-kit/block-limits';
export { escapeMrkdwn, spansToMrkdwn } from './block-kit/mrkdwn';
export { CUSTOMER_ACTION_ID, FORM_CALLBACK_ID, formValues, renderFormModal } from './block-kit/render-form';
export {
  BUTTON_ACTION_PREFIX,
  renderMessage,
  renderViewBlocks,
  renderViewsBlocks,
} from './block-kit/render-view';
export { SLASH_COMMAND } from './listeners/command-listener';
export { DEFAULT_COMMAND_LINES, type SlackCommandLines } from './listeners/listener-deps';
export { SHORTCUTS } from './listeners/shortcut-listeners';
export { createSlackApp, SLACK_EVENTS_PATH, type SlackAppOptions, type SlackHandle } from './slack-app';
export { registerSlackRoutes, type SlackRouteHost } from './slack-routes';
export { createSlackSender, type SlackSender, sendFailure } from './slack-sender';
export { webClientOptions, withRateLimitRetry } from './web-api-client';
