/** The t.me link that opens a chat with the bot and sends it `/start CODE`, or null when the bot's name is unknown. */
export function deepLink(botUsername: string | null, code: string): string | null {
  return botUsername ? `https://t.me/${botUsername}?start=${code}` : null;
}
