/** Block Kit limits (bots.md §1.6); going past them makes Slack answer invalid_blocks or msg_blocks_too_long. */
export const BLOCK_LIMITS = {
  messageBlocks: 50,
  surfaceBlocks: 100,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  headerText: 150,
  contextElements: 10,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  blockId: 255,
  /** Kept well below Slack's 40,000 truncation (bots.md §1.6). */
  messageText: 4000,
  modalTitle: 24,
  privateMetadata: 3000,
  staticOptions: 100,
  optionText: 75,
} as const;
