/** Scenarios end to end: signed Slack requests → Bolt on the API server → the real chat core → a real store. */
import { type ChatInput, createChatBot, encodeAction } from '@crm-bridge/bot-core';
import { customerInTwoErps, storeCounts, twoErpConfig } from '@crm-bridge/bot-core/testing';
import { leadsToForm } from './listeners/form-intent';
import {
  HOSTILE_NAME,
  NOW,
  SIGNING_SECRET,
  slackEmployee,
  useSlackScenario,
} from './slack-fixture.test-support';
import { commandBody, interactionBody, postSigned } from './testing/index';

type Block = {
  type: string;
  text?: { text: string };
  fields?: Array<{ text: string }>;
  elements?: Array<{ text?: string | { text: string }; value?: string }>;
};

function blockText(blocks: unknown): string {
  return (blocks as Block[])
    .flatMap((block) => [
      block.text?.text ?? '',
      ...(block.fields ?? []).map((f) => f.text),
      ...(block.elements ?? []).map((e) => (typeof e.text === 'string' ? e.text : (e.text?.text ?? ''))),
    ])
    .join('\n')
    .replaceAll('\u200b', '');
}

describe.each(['pglite', 'postgres'] as const)('Slack scenarios on %s', (driver) => {
  const scenario = useSlackScenario(driver);
  const { slack } = scenario;
  const post = (body: string, options: { secret?: string; timestamp?: number } = {}) =>
    postSigned(scenario.endpoint(), body, { secret: options.secret ?? SIGNING_SECRET, ...options });

  it('/crm find → the card from both ERPs, then its Orders button → the orders of both, names escaped', async () => {
    const db = scenario.db();
    await slackEmployee(db, 'Anna Agent', 'agent', 'U0ANNA', 'anna@example.com');
    await customerInTwoErps(db, HOSTILE_NAME);
    const answer = await post(
      commandBody({
        text: 'find 7707083893',
        userId: 'U0ANNA',
        channelId: 'D0ANNA',
        responseUrl: slack.responseUrl(1),
      }),
    );
    expect(answer.status).toBe(200);
    const card = await slack.waitFor(() => slack.responses[0]);
    expect(card.body).toMatchObject({
      response_type: 'ephemeral',
      text: expect.stringContaining('&lt;Ромашка&gt; &amp;'),
    });
    const blocks = card.body.blocks as Block[];
    expect(blocks[0]).toMatchObject({ type: 'header', text: { type: 'plain_text', text: HOSTILE_NAME } });
    const text = blockText(blocks);
    expect(text).toContain('<https://odoo.example.com/odoo/contacts/42|Odoo Berlin: 42>');
    expect(text).toContain('<https://erp.example.com/app/customer/CUST-0001|ERPNext Wholesale: CUST-0001>');

    const buttons = blocks.flatMap((block) => (block.type === 'actions' ? (block.elements ?? []) : []));
    const ordersButton = buttons.find(
      (button) => typeof button.text === 'object' && button.text.text === 'Orders',
    );
    expect(ordersButton?.value).toBeDefined();
    const press = {
      type: 'block_actions',
      user: { id: 'U0ANNA' },
      team: { id: 'T1' },
      api_app_id: 'A1',
      trigger_id: 'trig-orders',
      container: {
        type: 'message',
        channel_id: 'D0ANNA',
        message_ts: '1700000000.000001',
        is_ephemeral: true,
      },
      channel: { id: 'D0ANNA' },
      response_url: slack.responseUrl(2),
      actions: [
        { type: 'button', action_id: 'crm.btn.x', block_id: 'x', value: ordersButton?.value, action_ts: '1' },
      ],
    };
    expect((await post(interactionBody(press))).status).toBe(200);
    const orders = await slack.waitFor(() => slack.responses.find((response) => response.path === '/resp/2'));
    const ordersText = blockText(orders.body.blocks);
    expect(ordersText).toContain('SO_0007');
    expect(ordersText).toContain('SO-2026-00009');
    const raw = JSON.stringify(orders.body.blocks);
    expect(raw).toContain('SO\u200b_\u200b0007');
    // Data shows exactly as written: plain text in the header, escaped in mrkdwn.
    expect((orders.body.blocks as Block[])[0]?.text).toEqual({
      type: 'plain_text',
      text: `Orders of ${HOSTILE_NAME}`,
      emoji: false,
    });
  });

  it('new ticket from the global shortcut: loading modal at once, the form, submission → ticket + audit with channel slack', async () => {
    const db = scenario.db();
    await slackEmployee(db, 'Anna Agent', 'agent', 'U0ANNA', 'anna@example.com');
    const profileId = await customerInTwoErps(db, HOSTILE_NAME);
    const shortcut = {
      type: 'shortcut',
      callback_id: 'crm_new_ticket',
      trigger_id: 'trig-1',
      user: { id: 'U0ANNA', team_id: 'T1' },
      team: { id: 'T1' },
      api_app_id: 'A1',
    };
    expect((await post(interactionBody(shortcut))).status).toBe(200);
    const update = await slack.waitFor(() => slack.callsOf('views.update')[0]);
    const opened = slack.callsOf('views.open')[0]!;
    expect(opened.params.trigger_id).toBe('trig-1');
    expect(opened.at).toBeLessThanOrEqual(update.at);
    const form = update.params.view as {
      callback_id: string;
      private_metadata: string;
      blocks: Array<{ block_id: string; type: string }>;
    };
    expect(form.callback_id).toBe('crm_form');
    expect(form.blocks.map((block) => block.block_id)).toEqual(
      expect.arrayContaining(['customer', 'subject', 'description']),
    );

    const submission = {
      type: 'view_submission',
      user: { id: 'U0ANNA', team_id: 'T1' },
      team: { id: 'T1' },
      api_app_id: 'A1',
      view: {
        id: 'V1',
        type: 'modal',
        callback_id: 'crm_form',
        private_metadata: form.private_metadata,
        title: { type: 'plain_text', text: 'New ticket' },
        state: {
          values: {
            customer: { 'crm.customer': { type: 'external_select', selected_option: { value: profileId } } },
            subject: { 'crm.value': { type: 'plain_text_input', value: 'Broken delivery <urgent> & more' } },
            description: {
              'crm.value': { type: 'plain_text_input', value: 'Pallet 3 of SO_0007 arrived broken' },
            },
          },
        },
      },
    };
    const answer = await post(interactionBody(submission));
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toMatchObject({ response_action: 'update' });
    await slack.waitFor(() => slack.callsOf('views.update').length === 2);
    const [ticket] = await db.query<{ id: string; title: string; channel: string; profile_id: string }>(
      'SELECT id, title, channel, profile_id FROM tickets',
    );
    expect(ticket).toMatchObject({
      title: 'Broken delivery <urgent> & more',
      channel: 'slack',
      profile_id: profileId,
    });
    const audit = await db.query<{ channel: string; action: string }>(
      `SELECT channel, action FROM audit_log WHERE target_id = $1`,
      [ticket!.id],
    );
    expect(audit).toContainEqual(expect.objectContaining({ channel: 'slack' }));
    const result = slack.callsOf('views.update')[1]!.params.view as { blocks: unknown };
    expect(blockText(result.blocks)).toContain('Broken delivery &lt;urgent&gt; &amp; more');
  });

  it('a viewer cannot open a ticket: a polite refusal and nothing written', async () => {
    const db = scenario.db();
    await slackEmployee(db, 'Vera Viewer', 'viewer', 'U0VERA', 'vera@example.com');
    const before = await storeCounts(db);
    const submission = {
      type: 'view_submission',
      user: { id: 'U0VERA', team_id: 'T1' },
      team: { id: 'T1' },
      api_app_id: 'A1',
      view: {
        id: 'V2',
        type: 'modal',
        callback_id: 'crm_form',
        private_metadata: JSON.stringify({ form: 'ticket', hidden: {} }),
        title: { type: 'plain_text', text: 'New ticket' },
        state: { values: { subject: { 'crm.value': { type: 'plain_text_input', value: 'Try me' } } } },
      },
    };
    expect((await post(interactionBody(submission))).status).toBe(200);
    const update = await slack.waitFor(() => slack.callsOf('views.update')[0]);
    expect(blockText((update.params.view as { blocks: unknown }).blocks)).toContain(
      'your role (viewer) may not do that',
    );
    expect(await storeCounts(db)).toEqual(before);
  });

  it('Done on a reminder → done, and the message updated after waiting out a 429', async () => {
    const db = scenario.db();
    await slackEmployee(db, 'Anna Agent', 'agent', 'U0ANNA', 'anna@example.com');
    await post(
      commandBody({
        text: 'remind tomorrow 10am call them back',
        userId: 'U0ANNA',
        responseUrl: slack.responseUrl(11),
      }),
    );
    const created = await slack.waitFor(() => slack.responses[0]);
    const [reminder] = await db.query<{ id: string; status: string }>('SELECT id, status FROM reminders');
    expect(reminder?.status).toBe('pending');
    await post(commandBody({ text: 'reminders', userId: 'U0ANNA', responseUrl: slack.responseUrl(12) }));
    const list = await slack.waitFor(() => slack.responses.find((response) => response.path === '/resp/12'));
    const buttons = [...(created.body.blocks as Block[]), ...(list.body.blocks as Block[])].flatMap(
      (block) => (block.type === 'actions' ? (block.elements ?? []) : []),
    );
    const done = buttons.find((button) => typeof button.text === 'object' && button.text.text === 'Done');
    expect(done?.value).toBeDefined();
    slack.failNext('chat.update', { status: 429, retryAfter: 1 });
    const press = {
      type: 'block_actions',
      user: { id: 'U0ANNA' },
      team: { id: 'T1' },
      api_app_id: 'A1',
      trigger_id: 'trig-done',
      container: {
        type: 'message',
        channel_id: 'D0ANNA',
        message_ts: '1700000000.000777',
        is_ephemeral: false,
      },
      channel: { id: 'D0ANNA' },
      response_url: slack.responseUrl(13),
      actions: [
        { type: 'button', action_id: 'crm.btn.y', block_id: 'y', value: done?.value, action_ts: '1' },
      ],
    };
    expect((await post(interactionBody(press))).status).toBe(200);
    const updates = await slack.waitFor(
      () => slack.callsOf('chat.update').length === 2 && slack.callsOf('chat.update'),
      8000,
    );
    expect(updates[1]!.at - updates[0]!.at).toBeGreaterThanOrEqual(950);
    expect(updates[1]!.params).toMatchObject({ channel: 'D0ANNA', ts: '1700000000.000777' });
    const [after] = await db.query<{ status: string }>('SELECT status FROM reminders WHERE id = $1', [
      reminder!.id,
    ]);
    expect(after?.status).toBe('done');
  });

  it('a forged signature and a stale timestamp are refused with 401 and change nothing', async () => {
    const db = scenario.db();
    await slackEmployee(db, 'Anna Agent', 'agent', null, 'anna@example.com');
    slack.users.set('U0ANNA', { id: 'U0ANNA', email: 'anna@example.com', tz: 'Asia/Yekaterinburg' });
    const before = await storeCounts(db);
    const body = commandBody({ text: 'ticket new', userId: 'U0ANNA', responseUrl: slack.responseUrl(5) });
    expect((await post(body, { secret: 'forged' })).status).toBe(401);
    expect((await post(body, { timestamp: Math.floor(Date.now() / 1000) - 600 })).status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await storeCounts(db)).toEqual(before);
    expect(slack.calls).toHaveLength(0);
    expect(slack.responses).toHaveLength(0);
  });

  it('binds an unknown Slack user by e-mail on first contact, with their Slack time zone', async () => {
    const db = scenario.db();
    const id = await slackEmployee(db, 'Anna Agent', 'agent', null, 'anna@example.com');
    await db.query('UPDATE employees SET time_zone = NULL WHERE id = $1', [id]);
    slack.users.set('U0ANNA', { id: 'U0ANNA', email: 'Anna@Example.com', tz: 'Asia/Yekaterinburg' });
    await post(commandBody({ text: 'help', userId: 'U0ANNA', responseUrl: slack.responseUrl(6) }));
    await slack.waitFor(() => slack.responses[0]);
    const [row] = await db.query<{ slack_user_id: string; slack_team_id: string; time_zone: string }>(
      'SELECT slack_user_id, slack_team_id, time_zone FROM employees WHERE id = $1',
      [id],
    );
    expect(row).toEqual({ slack_user_id: 'U0ANNA', slack_team_id: 'T1', time_zone: 'Asia/Yekaterinburg' });
  });

  it('an unknown Slack user with no matching employee gets "not registered" and nothing changes', async () => {
    const db = scenario.db();
    slack.users.set('U0EVE', { id: 'U0EVE', email: 'eve@elsewhere.example' });
    const before = await storeCounts(db);
    await post(commandBody({ text: 'find 7707083893', userId: 'U0EVE', responseUrl: slack.responseUrl(8) }));
    const response = await slack.waitFor(() => slack.responses[0]);
    expect(blockText(response.body.blocks)).toMatch(/not registered/i);
    expect(slack.callsOf('views.open')).toHaveLength(0);

    // A form command opens its loading modal before the binding is known; the modal then says so.
    await post(commandBody({ text: 'ticket new', userId: 'U0EVE', responseUrl: slack.responseUrl(9) }));
    const update = await slack.waitFor(() => slack.callsOf('views.update')[0]);
    expect(slack.callsOf('views.open')).toHaveLength(1);
    expect(blockText((update.params.view as { blocks: unknown }).blocks)).toMatch(/not registered/i);
    expect(slack.responses).toHaveLength(1);
    expect(await storeCounts(db)).toEqual(before);
  });

  it('an unknown Slack user with a Russian Slack locale is told "not registered" in Russian', async () => {
    slack.users.set('U0OLGA', { id: 'U0OLGA', email: 'olga@elsewhere.example', locale: 'ru-RU' });
    await post(commandBody({ text: 'help', userId: 'U0OLGA', responseUrl: slack.responseUrl(14) }));
    const response = await slack.waitFor(() => slack.responses[0]);
    expect(blockText(response.body.blocks)).toMatch(/не зарегистрированы/i);
  });

  it('foresees exactly the inputs the real core answers with a form', async () => {
    const db = scenario.db();
    await slackEmployee(db, 'Anna Agent', 'agent', 'U0ANNA', 'anna@example.com');
    const profileId = await customerInTwoErps(db, HOSTILE_NAME);
    const core = createChatBot({ db, config: twoErpConfig(), now: () => NOW });
    const inputs: ChatInput[] = [
      ...[
        'ticket new',
        'заявка новая',
        `ticket new ${profileId}`,
        'remind',
        'напомни',
        `note ${profileId}`,
        'ticket',
        'tickets',
        'remind tomorrow 10am call them back',
        'find 7707083893',
        'dormant',
        'help',
      ].map((text) => ({ kind: 'text' as const, text })),
      ...[
        encodeAction('ticketNew', null),
        encodeAction('ticketNew', profileId),
        encodeAction('reminderNew', profileId),
        encodeAction('note', profileId),
        encodeAction('card', profileId),
        encodeAction('orders', profileId, 0),
      ].map((data) => ({ kind: 'action' as const, data })),
    ];
    for (const input of inputs) {
      const reply = await core.handle({
        user: { channel: 'slack', id: 'U0ANNA', teamId: 'T1' },
        place: { id: 'U0ANNA', kind: 'private' },
        input,
      });
      expect([input, leadsToForm(input)]).toEqual([input, reply.openForm !== undefined]);
    }
  });

  it('"Create ticket from message" prefills the description and carries the thread link', async () => {
    const db = scenario.db();
    await slackEmployee(db, 'Anna Agent', 'agent', 'U0ANNA', 'anna@example.com');
    const payload = {
      type: 'message_action',
      callback_id: 'crm_ticket_from_message',
      trigger_id: 'trig-2',
      user: { id: 'U0ANNA' },
      team: { id: 'T1' },
      channel: { id: 'C0SALES', name: 'sales' },
      message: {
        type: 'message',
        ts: '1700000100.000200',
        thread_ts: '1700000000.000100',
        text: 'Client says &lt;order&gt; is late &amp; angry',
      },
      response_url: slack.responseUrl(10),
      api_app_id: 'A1',
    };
    expect((await post(interactionBody(payload))).status).toBe(200);
    const update = await slack.waitFor(() => slack.callsOf('views.update')[0]);
    const view = update.params.view as {
      private_metadata: string;
      blocks: Array<{ block_id: string; element: { initial_value?: string } }>;
    };
    expect(view.blocks.find((block) => block.block_id === 'description')?.element.initial_value).toBe(
      'Client says <order> is late & angry',
    );
    const metadata = JSON.parse(view.private_metadata) as { hidden: Record<string, string>; place: string };
    const thread = {
      channel: 'slack',
      channelId: 'C0SALES',
      ts: '1700000000.000100',
      permalink: 'https://acme.slack.com/archives/C0SALES/p1700000100000200',
    };
    expect(JSON.parse(metadata.hidden.chatThread!)).toEqual(thread);
    expect(metadata.place).toBe('C0SALES');

    // Submitted: the ticket links to the thread it was opened from.
    const submission = {
      type: 'view_submission',
      user: { id: 'U0ANNA', team_id: 'T1' },
      team: { id: 'T1' },
      api_app_id: 'A1',
      view: {
        id: 'V9',
        type: 'modal',
        callback_id: 'crm_form',
        private_metadata: view.private_metadata,
        title: { type: 'plain_text', text: 'New ticket' },
        state: {
          values: {
            subject: { 'crm.value': { type: 'plain_text_input', value: 'Late order' } },
            description: { 'crm.value': { type: 'plain_text_input', value: 'Client says <order> is late' } },
          },
        },
      },
    };
    expect((await post(interactionBody(submission))).status).toBe(200);
    await slack.waitFor(() => slack.callsOf('views.update').length === 2);
    const [ticket] = await scenario
      .db()
      .query<{ title: string; chat_thread: unknown }>('SELECT title, chat_thread FROM tickets');
    expect(ticket).toEqual({ title: 'Late order', chat_thread: thread });
  });

  it('App Home shows my tickets, my reminders and my customers gone dormant', async () => {
    const db = scenario.db();
    const anna = await slackEmployee(db, 'Anna Agent', 'agent', 'U0ANNA', 'anna@example.com');
    const quiet = await customerInTwoErps(db, 'Quiet Traders GmbH', {
      dormantReason: 'no order for 200 days',
    });
    await db.query('UPDATE profiles SET owner_id = $2 WHERE id = $1', [quiet, anna]);
    const event = {
      type: 'event_callback',
      team_id: 'T1',
      api_app_id: 'A1',
      event_id: 'Ev1',
      event_time: 1700000000,
      event: {
        type: 'app_home_opened',
        user: 'U0ANNA',
        channel: 'D0ANNA',
        tab: 'home',
        event_ts: '1700000000.1',
      },
    };
    const answer = await postSigned(scenario.endpoint(), JSON.stringify(event), {
      secret: SIGNING_SECRET,
      contentType: 'application/json',
    });
    expect(answer.status).toBe(200);
    const publish = await slack.waitFor(() => slack.callsOf('views.publish')[0]);
    expect(publish.params.user_id).toBe('U0ANNA');
    const view = publish.params.view as { type: string; blocks: unknown[] };
    expect(view.type).toBe('home');
    const text = blockText(view.blocks);
    expect(text).toContain('My tickets');
    expect(text).toContain('My reminders');
    expect(text).toContain('My customers gone dormant');
    expect(text).toContain('Quiet Traders GmbH');
    expect(text).toContain('no order for 200 days');
    expect(text).not.toContain('I do not know');
  });
});
