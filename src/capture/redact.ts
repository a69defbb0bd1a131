import type { Bundle } from '../bundle/types.js';
import { redactClaimNames } from './redact-claims.js';
import { CUSTOMER_SUFFIXES, PRESERVED_GUIDS, PROTECTED_LITERALS, PUBLIC_DOMAINS, REGIONS, TLDS, VOCABULARY } from './redact-words.js';
import { formatIpv6, IPV6_CANDIDATE_IN_TEXT, ipv6Class, parseIpv6 } from './ipv6.js';
import { tryParseResourceId } from '../azure/resource-id.js';

/**
 * Consistent redaction of a bundle. Every string (and object key) goes through one pass that
 * replaces, left to right and longest first, the sensitive tokens harvested from the bundle
 * (resource group and resource names, host labels), every GUID and every IPv4 address. The same
 * value always gets the same placeholder, so equalities the diagnosis relies on (ids, the
 * registry name inside `<registry>.azurecr.io` and `<registry>.<region>.data`, NIC IPs vs A
 * records, `MC_<rg>_<cluster>_<region>`) survive. Public vocabulary is never replaced:
 * regions, `privatelink.azurecr.io`, public registry hosts, `aks-managed-repository`, built-in
 * role definition ids, the AKS server app id.
 */

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const GUID_IN_TEXT = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
const IPV4_IN_TEXT = '(?<![0-9.])(?:25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])(?:\\.(?:25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])){3}(?![0-9]|\\.[0-9])';
/** The mailbox part of an e-mail address (a domain with a dot must follow: not `image@sha256:`). */
const EMAIL_LOCAL_IN_TEXT = '(?<![A-Za-z0-9._%+-])([A-Za-z0-9._%+-]+)@(?=(?:[A-Za-z0-9-]+\\.)+[A-Za-z]{2,})';
const HOST_IN_TEXT = /(?<![A-Za-z0-9.-])(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}(?![A-Za-z0-9-])/g;
const RESOURCE_ID_IN_TEXT = /\/subscriptions\/[^\s"'`,;)]+/gi;

/** Kinds of placeholders; the prefix says what was there. */
type Kind = 'rg' | 'cluster' | 'acr' | 'vnet' | 'subnet' | 'pe' | 'nic' | 'pool' | 'zone' | 'link' | 'rule' | 'identity' | 'host' | 'dns' | 'name';

const KIND_BY_TYPE: Record<string, Kind> = {
  managedclusters: 'cluster',
  registries: 'acr',
  virtualnetworks: 'vnet',
  subnets: 'subnet',
  privateendpoints: 'pe',
  networkinterfaces: 'nic',
  agentpools: 'pool',
  privatednszones: 'zone',
  virtualnetworklinks: 'link',
  cacherules: 'rule',
  userassignedidentities: 'identity',
};

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Calls `visit` for every string value and object key, with the key that holds it. */
function walkStrings(value: unknown, visit: (s: string, key: string | undefined) => void, key?: string): void {
  if (typeof value === 'string') visit(value, key);
  else if (Array.isArray(value)) for (const v of value) walkStrings(v, visit, key);
  else if (isRecord(value)) {
    for (const [k, v] of Object.entries(value)) {
      visit(k, undefined);
      walkStrings(v, visit, k);
    }
  }
}

function mapStrings(value: unknown, fn: (s: string) => string): unknown {
  if (typeof value === 'string') return fn(value);
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, fn));
  if (isRecord(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[fn(k)] = mapStrings(v, fn);
    return out;
  }
  return value;
}

type IpClass = 'preserved' | 'private' | 'public';

function ipClass(ip: string): IpClass {
  const [a = 0, b = 0] = ip.split('.').map(Number);
  if (ip === '168.63.129.16' || ip === '169.254.169.254' || ip === '0.0.0.0' || ip === '255.255.255.255' || a === 127) return 'preserved';
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127)) return 'private';
  return 'public';
}

class Redactor {
  /** lower-case original → placeholder */
  private readonly map = new Map<string, string>();
  /** lower-case original → original as first seen (for the mapping handed back). */
  private readonly firstSeen = new Map<string, string>();
  private readonly kinds = new Map<string, Kind>();
  private readonly counters = new Map<string, number>();
  private readonly preservedGuids = new Set(PRESERVED_GUIDS);
  private readonly tenantGuids = new Set<string>();
  private readonly subscriptionGuids = new Set<string>();
  private readonly keep = new Set<string>([...VOCABULARY, ...REGIONS]);
  /** Every original token and value, so no placeholder ever equals one. */
  private readonly originals = new Set<string>();
  private readonly usedIpPrefixes = new Set<string>();
  private readonly ipPrefixMap = new Map<string, string>();
  private readonly nameTokens = new Set<string>();
  private pattern: RegExp | undefined;
  /** The same without the IPv6 alternative, for text that only looked like an address. */
  private patternNoIpv6: RegExp | undefined;

  constructor(private readonly bundle: Bundle) {}

  run(): { bundle: Bundle; mapping: Map<string, string> } {
    this.harvest();
    const tokens = [...this.nameTokens].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
    const literals = [...PROTECTED_LITERALS, ...this.keepLiterals()];
    const alternatives = [...new Set([...tokens, ...literals.map((l) => l.toLowerCase())])]
      .sort((a, b) => b.length - a.length)
      .map(escapeRegExp);
    const words = alternatives.length > 0 ? `(?<![A-Za-z0-9])(?:${alternatives.join('|')})(?![A-Za-z0-9])` : '(?!)';
    // Mailbox names and GUIDs first: at one position a harvested word must not bite into them.
    // The mail domain is not consumed, so it goes through the host tokens like any other host.
    this.pattern = new RegExp(`${EMAIL_LOCAL_IN_TEXT}|(?<![0-9A-Fa-f])(${GUID_IN_TEXT})(?![0-9A-Fa-f])|(${IPV6_CANDIDATE_IN_TEXT})|(${IPV4_IN_TEXT})|(${words})`, 'gi');
    this.patternNoIpv6 = new RegExp(`${EMAIL_LOCAL_IN_TEXT}|(?<![0-9A-Fa-f])(${GUID_IN_TEXT})(?![0-9A-Fa-f])|(?!)()|(${IPV4_IN_TEXT})|(${words})`, 'gi');
    const { schema, ...rest } = this.bundle;
    const redacted = mapStrings(rest, (s) => this.replace(s)) as Omit<Bundle, 'schema'>;
    const mapping = new Map<string, string>();
    for (const [k, v] of this.map) mapping.set(this.firstSeen.get(k) ?? k, v);
    return { bundle: { schema, ...redacted } as Bundle, mapping };
  }

  /** Public hosts found in the bundle, consumed whole so a token never bites into them. */
  private readonly publicHostsSeen = new Set<string>();
  private keepLiterals(): string[] {
    return [...this.publicHostsSeen];
  }

  // ---- harvesting -------------------------------------------------------------------------

  private harvest(): void {
    const b = this.bundle;
    // Regions first: they must never become tokens.
    walkStrings(b, (s, key) => {
      if (key === 'location') this.keep.add(s.toLowerCase());
    });
    // Everything original, to keep placeholders fresh; the used IP /16s and /24s.
    walkStrings(b, (s, key) => {
      this.originals.add(s.toLowerCase());
      for (const m of s.matchAll(new RegExp(GUID_IN_TEXT, 'g'))) this.originals.add(m[0].toLowerCase());
      for (const m of s.matchAll(new RegExp(IPV6_CANDIDATE_IN_TEXT, 'g'))) {
        const groups = parseIpv6(m[0]);
        if (groups) this.usedIpPrefixes.add(formatIpv6([...groups.slice(0, 4), 0, 0, 0, 0]));
      }
      for (const m of s.matchAll(new RegExp(IPV4_IN_TEXT, 'g'))) {
        const [x, y, z] = m[0].split('.');
        this.usedIpPrefixes.add(`${x}.${y}`);
        this.usedIpPrefixes.add(`${x}.${y}.${z}`);
      }
      if (key && /tenantid$/i.test(key) && GUID.test(s)) this.tenantGuids.add(s.toLowerCase());
    });
    // Resource ids anywhere in the ARM part (kube objects only get replaced, see below).
    const armIds: string[] = [b.cluster];
    walkStrings({ arm: b.arm, cluster: b.cluster }, (s) => {
      for (const m of s.matchAll(RESOURCE_ID_IN_TEXT)) armIds.push(m[0]);
    });
    const rgNames = new Set<string>();
    const clusterNames = new Set<string>();
    const parsedIds = armIds.map((id) => tryParseResourceId(id)).filter((p) => p !== undefined);
    for (const p of parsedIds) {
      this.subscriptionGuids.add(p.subscriptionId.toLowerCase());
      p.types.forEach((t, i) => {
        const n = p.names[i];
        if (t.toLowerCase() === 'roledefinitions' && n && GUID.test(n)) this.preservedGuids.add(n.toLowerCase());
        if (t.toLowerCase() === 'managedclusters' && n) clusterNames.add(n.toLowerCase());
      });
      if (p.resourceGroup) rgNames.add(p.resourceGroup.toLowerCase());
    }
    // Typed names first (the first kind seen wins), resource groups last (MC_ needs the others).
    for (const p of parsedIds) {
      p.types.forEach((t, i) => {
        const n = p.names[i];
        if (n) this.addName(n, KIND_BY_TYPE[t.toLowerCase()] ?? 'name');
      });
    }
    const nodeRgs: string[] = [];
    walkStrings(b.arm, (s, key) => {
      if (key === 'nodeResourceGroup') nodeRgs.push(s);
      if (key === 'dnsPrefix' || key === 'fqdnSubdomain') this.addName(s, 'dns');
    });
    for (const rg of [...rgNames, ...nodeRgs]) this.addResourceGroup(rg, rgNames, clusterNames);
    // Inline names without an id of their own (agentPoolProfiles[].name, ipConfigurations…).
    this.harvestInlineNames(b.arm, undefined);
    // Hostnames everywhere (ARM properties, image references, event messages).
    walkStrings(b, (s) => {
      for (const m of s.matchAll(HOST_IN_TEXT)) this.addHost(m[0]);
    });
  }

  private harvestInlineNames(value: unknown, parentKey: string | undefined): void {
    if (Array.isArray(value)) {
      for (const v of value) this.harvestInlineNames(v, parentKey);
      return;
    }
    if (!isRecord(value)) return;
    if (typeof value.name === 'string' && typeof value.id !== 'string' && parentKey !== undefined && parentKey !== 'sku') {
      this.addName(value.name, parentKey === 'agentPoolProfiles' ? 'pool' : 'name');
    }
    for (const [k, v] of Object.entries(value)) {
      // `sku.name` (Premium), `tags` and role/SKU-like objects are vocabulary, not names.
      if (k === 'sku' || k === 'tags') continue;
      this.harvestInlineNames(v, k);
    }
  }

  /** A name: split into dotted labels (A record `<registry>.<region>.data`, zone names). */
  private addName(name: string, kind: Kind): void {
    for (const label of name.split(/[./]/)) this.addToken(label, kind);
  }

  private addToken(token: string, kind: Kind): void {
    const k = token.toLowerCase();
    if (k.length === 0 || this.keep.has(k) || GUID.test(k) || /^[0-9]+$/.test(k)) return;
    if (/^mc_/i.test(k)) return; // handled by addResourceGroup
    if (this.nameTokens.has(k)) {
      // The same name seen as a generic child segment first (a connection name) and as a typed resource later.
      if (this.kinds.get(k) === 'name' && kind !== 'name') this.kinds.set(k, kind);
      return;
    }
    this.nameTokens.add(k);
    this.kinds.set(k, kind);
    this.firstSeen.set(k, token);
  }

  /**
   * `MC_<rg>_<cluster>_<region>` is redacted by its parts (the pass treats `_` as a boundary),
   * keeping the shape; any other MC_ group keeps its `MC_` prefix and region suffix.
   */
  private addResourceGroup(rg: string, rgNames: Set<string>, clusterNames: Set<string>): void {
    const m = /^mc_(.+?)(_[a-z0-9]+)?$/i.exec(rg);
    if (!m) {
      this.addToken(rg, 'rg');
      return;
    }
    const region = m[2]?.slice(1).toLowerCase();
    const middle = (region && this.keep.has(region) ? m[1] : `${m[1]}${m[2] ?? ''}`) ?? '';
    const lower = middle.toLowerCase();
    const composed = [...rgNames].some((r) => [...clusterNames].some((c) => `${r}_${c}` === lower));
    if (!composed) this.addToken(middle, 'rg');
  }

  private addHost(hostText: string): void {
    const host = hostText.toLowerCase().replace(/\.$/, '');
    const labels = host.split('.');
    const tld = labels[labels.length - 1] ?? '';
    if (!TLDS.has(tld) && !CUSTOMER_SUFFIXES.some((s) => host.endsWith(`.${s}`) || host === s)) return;
    const suffix = CUSTOMER_SUFFIXES.find((s) => host.endsWith(`.${s}`));
    if (suffix) {
      const lead = host.slice(0, host.length - suffix.length - 1).split('.');
      // Two-letter labels (`cx` in `<hash>.cx.internal.cloudapp.net`) are zone codes, not names.
      for (const label of lead) if (label.length > 2) this.addToken(label, 'host');
      return;
    }
    if (host === 'privatelink.azurecr.io' || CUSTOMER_SUFFIXES.includes(host)) return;
    if (PUBLIC_DOMAINS.some((d) => host === d || host.endsWith(`.${d}`))) {
      this.publicHostsSeen.add(host);
      return;
    }
    // A customer host of its own (a private registry, a proxy): the whole name is the token.
    if (labels.every((l) => this.keep.has(l) || TLDS.has(l))) return;
    if (!this.nameTokens.has(host)) {
      this.nameTokens.add(host);
      this.kinds.set(host, 'host');
      this.firstSeen.set(host, hostText.replace(/\.$/, ''));
    }
  }

  // ---- placeholders -----------------------------------------------------------------------

  private fresh(prefix: string, format: (n: number) => string): string {
    let n = this.counters.get(prefix) ?? 0;
    let candidate: string;
    do {
      n += 1;
      candidate = format(n);
    } while (this.originals.has(candidate.toLowerCase()) || this.nameTokens.has(candidate.toLowerCase()));
    this.counters.set(prefix, n);
    return candidate;
  }

  private placeholderFor(token: string): string {
    const existing = this.map.get(token);
    if (existing) return existing;
    const kind = this.kinds.get(token) ?? 'name';
    const bootstrap = token.includes('bootstrap');
    let placeholder: string;
    if (kind === 'acr') {
      // Registry names are 5–50 alphanumerics; the managed one keeps its `bootstrap` keyword.
      placeholder = this.fresh(bootstrap ? 'acrbootstrap' : 'acr', (n) => `${bootstrap ? 'acrbootstrap' : 'acr'}${String(n).padStart(2, '0')}`);
    } else if (kind === 'host' && token.includes('.')) {
      placeholder = this.fresh('hostname', (n) => `host${n}.example.com`);
    } else {
      const prefix = bootstrap ? `${kind}bootstrap` : kind;
      placeholder = this.fresh(prefix, (n) => `${prefix}${n}`);
    }
    this.map.set(token, placeholder);
    return placeholder;
  }

  /** `jane.doe@contoso.com` (systemData.createdBy, tags): the person goes, the domain is a host. */
  private mailboxPlaceholder(local: string): string {
    const k = `${local.toLowerCase()}@`;
    const existing = this.map.get(k);
    if (existing) return existing;
    const placeholder = this.fresh('user', (n) => `user${n}`);
    this.map.set(k, placeholder);
    this.firstSeen.set(k, `${local}@`);
    return placeholder;
  }

  private guidPlaceholder(guid: string): string {
    const k = guid.toLowerCase();
    const existing = this.map.get(k);
    if (existing) return existing;
    // Recognisable, valid GUIDs: the fourth group says what the value was.
    const group = this.subscriptionGuids.has(k) ? '0001' : this.tenantGuids.has(k) ? '0002' : '0003';
    const placeholder = this.fresh(`guid-${group}`, (n) => `00000000-0000-0000-${group}-${n.toString(16).padStart(12, '0')}`);
    this.map.set(k, placeholder);
    this.firstSeen.set(k, guid);
    return placeholder;
  }

  /**
   * Octet-prefix-preserving: the /16 (private) or /24 (public) is renumbered, the host part
   * kept, so subnets still contain their addresses. Private stays private (10.x); public
   * becomes 198.18.0.0/15, which is neither private nor routable.
   */
  private ipPlaceholder(ip: string): string {
    const cls = ipClass(ip);
    if (cls === 'preserved') return ip;
    const existing = this.map.get(ip);
    if (existing) return existing;
    const [a, b, c, d] = ip.split('.');
    let placeholder: string;
    if (cls === 'private') {
      const key = `p:${a}.${b}`;
      let prefix = this.ipPrefixMap.get(key);
      if (!prefix) {
        prefix = this.fresh('ip16', (n) => `10.${n}`);
        while (this.usedIpPrefixes.has(prefix)) prefix = this.fresh('ip16', (n) => `10.${n}`);
        this.ipPrefixMap.set(key, prefix);
      }
      placeholder = `${prefix}.${c}.${d}`;
    } else {
      const key = `q:${a}.${b}.${c}`;
      let prefix = this.ipPrefixMap.get(key);
      if (!prefix) {
        const next = (): string => this.fresh('ip24', (n) => `198.${18 + Math.floor(n / 256)}.${n % 256}`);
        prefix = next();
        while (this.usedIpPrefixes.has(prefix)) prefix = next();
        this.ipPrefixMap.set(key, prefix);
      }
      placeholder = `${prefix}.${d}`;
    }
    this.map.set(ip, placeholder);
    this.firstSeen.set(ip, ip);
    return placeholder;
  }

  /**
   * The IPv6 counterpart: the /64 network is renumbered, the interface id kept, so a subnet's
   * prefix still contains its addresses. ULA and link-local become fd00:0:0:N::/64, public ones
   * the documentation range 2001:db8:0:N::/64; `::` and `::1` stay.
   */
  private ipv6Placeholder(text: string): string {
    const groups = parseIpv6(text);
    if (!groups) return text;
    const cls = ipv6Class(groups);
    if (cls === 'preserved') return text;
    const canonical = formatIpv6(groups);
    const existing = this.map.get(canonical);
    if (existing) return existing;
    const key = `6:${cls}:${formatIpv6([...groups.slice(0, 4), 0, 0, 0, 0])}`;
    let network = this.ipPrefixMap.get(key);
    if (!network) {
      const base = cls === 'private' ? [0xfd00, 0, 0] : [0x2001, 0xdb8, 0];
      const next = (): string => this.fresh(`ip6-${cls}`, (n) => formatIpv6([...base, n, 0, 0, 0, 0]));
      network = next();
      while (this.usedIpPrefixes.has(network)) network = next();
      this.ipPrefixMap.set(key, network);
    }
    const placeholder = formatIpv6([...(parseIpv6(network) ?? []).slice(0, 4), ...groups.slice(4)]);
    this.map.set(canonical, placeholder);
    this.firstSeen.set(canonical, text);
    return placeholder;
  }

  // ---- the pass ---------------------------------------------------------------------------

  private replace(s: string, pattern = this.pattern): string {
    if (!pattern) return s;
    return s.replace(pattern, (match: string, local: string | undefined, guid: string | undefined, ip6: string | undefined, ip: string | undefined, word: string | undefined) => {
      if (local !== undefined) return `${this.mailboxPlaceholder(local)}@`;
      if (word !== undefined) {
        const k = word.toLowerCase();
        if (!this.nameTokens.has(k)) return word; // a protected literal or public host
        return withCaseOf(word, this.placeholderFor(k));
      }
      if (guid !== undefined) {
        return this.preservedGuids.has(guid.toLowerCase()) ? guid : withCaseOf(guid, this.guidPlaceholder(guid));
      }
      if (ip6 !== undefined) {
        // Hex words around colons that are not an address may still hold a name to replace.
        return parseIpv6(ip6) ? this.ipv6Placeholder(ip6) : this.replace(ip6, this.patternNoIpv6);
      }
      if (ip !== undefined) return this.ipPlaceholder(ip);
      return match;
    });
  }
}

/** ARM returns the same name in varying case; an upper-case original stays upper-case. */
function withCaseOf(original: string, placeholder: string): string {
  return original === original.toUpperCase() && original !== original.toLowerCase() ? placeholder.toUpperCase() : placeholder;
}

/**
 * Replaces subscription, tenant and object ids, resource group and resource names, IP addresses
 * and hostnames consistently in every string of the bundle. Returns the redacted copy and the
 * mapping (original → placeholder), which the customer may keep to read answers from support.
 */
export function redactBundle(bundle: Bundle): { bundle: Bundle; mapping: Map<string, string> } {
  const claims = redactClaimNames(bundle);
  const out = new Redactor(claims.bundle).run();
  for (const [original, placeholder] of claims.names) out.mapping.set(original, placeholder);
  return out;
}
