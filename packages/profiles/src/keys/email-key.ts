import { accepted, type Normalised, refused } from './link-key';

/**
 * Local parts that name a role or a mailbox shared by a team, not a customer: they are reused across
 * companies (a holding's info@, a business centre's office@) and are the classic over-merge.
 */
// biome-ignore format: a word list reads better packed than one word a line
export const ROLE_LOCAL_PARTS: ReadonlySet<string> = new Set([
  'info', 'office', 'sales', 'admin', 'administrator', 'noreply', 'no-reply', 'no_reply', 'donotreply',
  'do-not-reply', 'support', 'help', 'hello', 'contact', 'contacts', 'kontakt', 'mail', 'post', 'postmaster',
  'webmaster', 'hostmaster', 'abuse', 'billing', 'accounts', 'accounting', 'buh', 'buhgalter', 'bookkeeping',
  'finance', 'invoice', 'invoices', 'rechnung', 'order', 'orders', 'zakaz', 'shop', 'service', 'team',
  'hr', 'jobs', 'career', 'marketing', 'pr', 'press', 'reception', 'secretary', 'priemnaya', 'einkauf',
  'verkauf', 'vertrieb', 'buero', 'zentrale', 'general', 'enquiries', 'inquiries', 'mailbox', 'manager',
]);

/** Local parts people type when the ERP insists on an e-mail and there is none. */
// biome-ignore format: a word list reads better packed than one word a line
const PLACEHOLDER_LOCAL_PARTS: ReadonlySet<string> = new Set([
  'no', 'none', 'nomail', 'noemail', 'no-email', 'net', 'test', 'example', 'email', 'e-mail', 'x', 'xx', 'xxx',
]);

/** Domains that are never a real customer's mailbox (RFC 2606 reserved names). */
const PLACEHOLDER_DOMAINS: readonly RegExp[] = [
  /^example\.(com|org|net)$/,
  /\.(example|invalid|test|localhost)$/,
  /^localhost$/,
];

// Deliberately loose: RFC 5322 allows far more, but a key only needs to be one mailbox written one way.
const EMAIL_SHAPE = /^[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:".]+(\.[^\s@<>()[\],;:".]+)+$/u;

/** The e-mail part of the key policy, compiled once per resolution run. */
export interface EmailPolicy {
  ignoredAddresses: readonly RegExp[];
  ignoredDomains: ReadonlySet<string>;
}

/** Compiles config patterns such as `info@*` or `*@example.com` (`*` matches any text) and domains. */
export function emailPolicy(options: {
  ignoreEmails?: readonly string[];
  ignoreDomains?: readonly string[];
}) {
  const ignoredAddresses = (options.ignoreEmails ?? []).map(
    (pattern) =>
      new RegExp(
        `^${pattern
          .trim()
          .toLowerCase()
          .split('*')
          .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
          .join('.*')}$`,
        'u',
      ),
  );
  const ignoredDomains = new Set((options.ignoreDomains ?? []).map((domain) => domain.toLowerCase()));
  return { ignoredAddresses, ignoredDomains } satisfies EmailPolicy;
}

/** Trims, unwraps `Name <a@b>` and `mailto:`, and lower-cases; null when it is not shaped like one address. */
export function canonicalEmail(raw: string): string | null {
  let text = raw.trim();
  const angled = /<([^<>]+)>\s*$/.exec(text);
  if (angled) text = angled[1]!.trim();
  text = text.replace(/^mailto:/i, '').toLowerCase();
  if (text.length > 320 || !EMAIL_SHAPE.test(text)) return null;
  const local = text.slice(0, text.lastIndexOf('@'));
  if (local.startsWith('.') || local.endsWith('.') || text.includes('..')) return null;
  return text;
}

/** Normalises an e-mail into a linking key, refusing role, placeholder and configured addresses. */
export function normaliseEmail(raw: string, policy: EmailPolicy): Normalised {
  const email = canonicalEmail(raw);
  if (email === null) return refused('malformed');
  const at = email.lastIndexOf('@');
  const domain = email.slice(at + 1);
  // Sub-addressing (info+crm@) is still the role mailbox.
  const local = email.slice(0, at).split('+')[0]!;
  if (PLACEHOLDER_LOCAL_PARTS.has(local) || PLACEHOLDER_DOMAINS.some((re) => re.test(domain))) {
    return refused('placeholder');
  }
  if (ROLE_LOCAL_PARTS.has(local)) return refused('role_address');
  if (policy.ignoredDomains.has(domain)) return refused('ignored_domain');
  if (policy.ignoredAddresses.some((re) => re.test(email))) return refused('ignored_address');
  return accepted(email);
}
