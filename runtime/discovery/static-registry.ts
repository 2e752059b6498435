/**
 * The static registry: a fixed list of members per service, plus announcements made in this
 * process (seen at once by this process's watches). For tests, single-process clusters and small
 * deployments where the addresses are known; it talks to nothing. Same interface as the etcd one.
 */
import { parseAddress } from "../core/address.ts";
import { ClusterError } from "../core/errors.ts";
import { createConsoleLogger, type Logger } from "../core/logger.ts";
import type { Listener } from "../connection/listener.ts";
import {
  checkKeySegment,
  readMemberValue,
  encodeMemberValue,
  listenerOf,
  memberOf,
  type AnnounceOptions,
  type Announcement,
  type MembershipEvent,
  type Registry,
  type ServiceMember,
  type ServiceWatch,
} from "./registry.ts";

/** Options of {@link createStaticRegistry}. */
export interface StaticRegistryOptions {
  /** Members by service name: "host:port" strings (the id is the address) or member records. */
  readonly services?: Readonly<Record<string, readonly (string | ServiceMember)[]>>;
  /** Where a throwing `watch` listener is reported; default a quiet console logger. */
  readonly logger?: Logger;
}

interface Entry {
  readonly member: ServiceMember;
  /** Its stored value (compared to tell an update from a repeat). */
  readonly value: string;
  /** The listener it was announced for (undefined: a fixed member or announced by address). */
  readonly listener: Listener | undefined;
  /** True for members of the fixed list (never withdrawn). */
  readonly fixed: boolean;
}

function fixedMember(service: string, spec: string | ServiceMember): ServiceMember {
  if (typeof spec === "string") {
    parseAddress(spec);
    return { id: checkKeySegment("member id", spec), addr: spec };
  }
  const id = checkKeySegment("member id", spec?.id);
  let value: string;
  try {
    value = encodeMemberValue(spec);
  } catch (error) {
    throw new ClusterError("invalid-argument", `bad member ${id} of service ${service}: not JSON-serialisable`, { cause: error });
  }
  const read = readMemberValue(id, value);
  if (typeof read === "string") throw new ClusterError("invalid-argument", `bad member ${id} of service ${service}: ${read}`);
  return read;
}

/** Creates a static registry (see the file comment). Throws `invalid-argument` on a malformed list. */
export function createStaticRegistry(options: StaticRegistryOptions = {}): Registry {
  const services = new Map<string, Map<string, Entry>>();
  const watchers = new Map<string, Set<(event: MembershipEvent) => void>>();
  let closed = false;
  const logger = options.logger ?? createConsoleLogger();

  const entriesOf = (service: string): Map<string, Entry> => {
    let entries = services.get(service);
    if (entries === undefined) {
      entries = new Map();
      services.set(service, entries);
    }
    return entries;
  };
  const emit = (event: MembershipEvent): void => {
    for (const listener of [...(watchers.get(event.service) ?? [])]) {
      // A listener's throw is its own: it must not fail the announce or withdraw that caused the event.
      try {
        listener(event);
      } catch (error) {
        try {
          logger.error("membership listener failed", { service: event.service, event: event.type, error: ClusterError.from(error) });
        } catch {
          // The logger failed too: nothing left to tell.
        }
      }
    }
  };
  const remove = (service: string, id: string, entry: Entry): void => {
    const entries = services.get(service);
    if (entries?.get(id) !== entry) return;
    entries.delete(id);
    emit({ type: "removed", service, member: entry.member });
  };

  for (const [service, list] of Object.entries(options.services ?? {})) {
    checkKeySegment("service name", service);
    if (!Array.isArray(list)) throw new ClusterError("invalid-argument", `members of service ${service} must be an array`);
    const entries = entriesOf(service);
    for (const spec of list) {
      const member = fixedMember(service, spec as string | ServiceMember);
      entries.set(member.id, { member, value: encodeMemberValue(member), listener: undefined, fixed: true });
    }
  }

  return {
    async announce(service: string, listener: Listener | string, announceOptions?: AnnounceOptions): Promise<Announcement> {
      if (closed) throw new ClusterError("closed", "registry is closed");
      const member = memberOf(service, listener, announceOptions);
      const entries = entriesOf(service);
      const previous = entries.get(member.id);
      const entry: Entry = { member, value: encodeMemberValue(member), listener: listenerOf(listener), fixed: false };
      entries.set(member.id, entry);
      if (previous === undefined) emit({ type: "added", service, member });
      else if (previous.value !== entry.value) emit({ type: "updated", service, member });
      return {
        service,
        member,
        key: `static:${service}/${member.id}`,
        // By key, like etcd: the member's current entry, even when announced again since.
        withdraw: async () => {
          const current = services.get(service)?.get(member.id);
          if (current !== undefined && !current.fixed) remove(service, member.id, current);
        },
      };
    },

    watch(service: string, onChange?: (event: MembershipEvent) => void): ServiceWatch {
      // In-process and trusted: no member cap here (a service target applies its own).
      checkKeySegment("service name", service);
      let set = watchers.get(service);
      if (set === undefined) {
        set = new Set();
        watchers.set(service, set);
      }
      const listener = (event: MembershipEvent): void => onChange?.(event);
      set.add(listener);
      return {
        service,
        ready: Promise.resolve(),
        members: () => [...(services.get(service)?.values() ?? [])].map((e) => e.member),
        close: () => void watchers.get(service)?.delete(listener),
      };
    },

    async withdraw(listeners?: readonly Listener[]): Promise<void> {
      for (const [service, entries] of services) {
        for (const [id, entry] of [...entries]) {
          if (entry.fixed) continue;
          if (listeners === undefined || (entry.listener !== undefined && listeners.includes(entry.listener))) remove(service, id, entry);
        }
      }
    },

    async close(): Promise<void> {
      if (closed) return;
      await this.withdraw();
      closed = true;
      watchers.clear();
    },
  };
}
