/** Readable labels for attached-data keys: `order_status` is shown as "Order status". */

/** "order_status", "orderStatus" and "order-status" all read "Order status". */
export function readableLabel(key: string, labels?: Record<string, string>): string {
  const given = labels?.[key];
  if (given) return given;
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[\s_.-]+/)
    .filter(Boolean)
    .map((word) => (/^[A-Z0-9]+$/.test(word) ? word : word.toLowerCase()));
  if (words.length === 0) return key;
  const [first = '', ...rest] = words;
  return [first.charAt(0).toUpperCase() + first.slice(1), ...rest].join(' ');
}
