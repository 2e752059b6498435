/**
 * How schema names become TypeScript type names — shared by the checker (which warns when
 * two generated names clash) and the generator (which emits them).
 *
 * Each name is PascalCased at its underscores (`slow_add` → `SlowAdd`, `Add` stays `Add`);
 * a nested struct joins its path with `_` (`player.stats_ex` → `Player_StatsEx`).
 */

/** `slow_add` → `SlowAdd`, `add` → `Add`, `HTTPReq` → `HTTPReq`. */
export function pascalName(name: string): string {
  return name
    .split("_")
    .map((part) => (part.length === 0 ? "" : part[0]!.toUpperCase() + part.slice(1)))
    .join("");
}

/** Type name of a struct from its qualified name: `packet.phone_number` → `Packet_PhoneNumber`. */
export function structTypeName(qualifiedName: string): string {
  return qualifiedName.split(".").map(pascalName).join("_");
}
