import type { Config } from '../config.ts';
import { invalid } from '../domain/errors.ts';
import type { Attachment } from './attachments.ts';

/**
 * Voice notes become words here, through whichever speech service the settings name. The transcript is
 * untrusted text like anything typed: the turn it starts can at most propose writes the person confirms.
 */

/** Where voice notes go: an OpenAI-compatible transcription endpoint, or Gemini, or nowhere. */
export type SpeechService =
  | { kind: 'endpoint'; url: string; model: string; apiKey?: string }
  | { kind: 'gemini'; model: string };

/** As long as a typed message may be (src/assistant/index.ts); a longer note is refused, not cut. */
const MAX_TRANSCRIPT_LENGTH = 4000;

export const NO_SPEECH_MODEL =
  'Voice notes need a speech model, and none is set up here. An administrator can enable them with ' +
  'GEMINI_API_KEY (Gemini), or TRANSCRIPTION_MODEL for a Whisper-style server. Type your request instead.';

const PROMPT =
  'Transcribe this voice note verbatim, in the language spoken. Answer with the transcript only: no ' +
  'comments, no quotation marks, no translation. If nothing is said, answer with nothing.';

/** The service the settings choose: an explicit transcription model first, then Gemini; null for none. */
export function speechService(config: Config): SpeechService | null {
  if (config.TRANSCRIPTION_MODEL) {
    const own = config.TRANSCRIPTION_BASE_URL;
    const base = (own ?? config.OPENAI_BASE_URL)!.replace(/\/+$/, '');
    // OPENAI_API_KEY goes only to OPENAI_BASE_URL, never to a separately configured address.
    const apiKey = config.TRANSCRIPTION_API_KEY ?? (own ? undefined : config.OPENAI_API_KEY);
    return {
      kind: 'endpoint',
      url: `${base}/audio/transcriptions`,
      model: config.TRANSCRIPTION_MODEL,
      ...(apiKey ? { apiKey } : {}),
    };
  }
  if (config.GEMINI_API_KEY) return { kind: 'gemini', model: config.GEMINI_MODEL };
  return null;
}

/** A file name the endpoint can tell the format from (Whisper servers go by the extension). */
function fileNameFor(audio: Attachment): string {
  if (audio.name && /\.[A-Za-z0-9]{2,5}$/.test(audio.name)) return audio.name;
  const type = audio.mediaType.toLowerCase();
  const ext = type.includes('mpeg')
    ? 'mp3'
    : type.includes('mp4') || type.includes('m4a') || type.includes('aac')
      ? 'm4a'
      : type.includes('wav')
        ? 'wav'
        : type.includes('webm')
          ? 'webm'
          : type.includes('flac')
            ? 'flac'
            : 'ogg';
  return `voice.${ext}`;
}

/** `POST <base>/audio/transcriptions`, multipart with `file` and `model`, answered with `{ "text": … }`. */
async function viaEndpoint(
  service: Extract<SpeechService, { kind: 'endpoint' }>,
  audio: Attachment,
  signal: AbortSignal,
): Promise<string> {
  const form = new FormData();
  form.append('file', new Blob([audio.bytes], { type: audio.mediaType }), fileNameFor(audio));
  form.append('model', service.model);
  form.append('response_format', 'json');
  const res = await fetch(service.url, {
    method: 'POST',
    body: form,
    headers: service.apiKey ? { authorization: `Bearer ${service.apiKey}` } : {},
    signal,
  });
  if (!res.ok) throw new Error(`transcription endpoint answered ${res.status}`);
  const body = (await res.json()) as { text?: unknown };
  if (typeof body?.text !== 'string') throw new Error('transcription endpoint gave no text');
  return body.text;
}

/** Gemini hears the audio as inline data and writes down what was said. */
async function viaGemini(config: Config, audio: Attachment, signal: AbortSignal): Promise<string> {
  const [{ configuredModel }, { generateText }] = await Promise.all([
    import('./model-brain.ts'),
    import('ai'),
  ]);
  const { model } = configuredModel(config)!;
  const { text } = await generateText({
    model,
    maxRetries: 1,
    abortSignal: signal,
    messages: [
      {
        role: 'user',
        content: [
          { type: 'text', text: PROMPT },
          { type: 'file', data: audio.bytes, mediaType: audio.mediaType },
        ],
      },
    ],
  });
  return text;
}

/**
 * The words of a voice note; a polite DomainError when there is no service, it fails, or hears nothing.
 * `warn` hears why a service failed, for the log: never the audio, the words or a key.
 */
export async function transcribe(
  config: Config,
  audio: Attachment,
  warn?: (message: string) => void,
): Promise<string> {
  const service = speechService(config);
  if (!service) throw invalid(NO_SPEECH_MODEL);
  const signal = AbortSignal.timeout(config.TRANSCRIPTION_TIMEOUT_SECONDS * 1000);
  let heard: string;
  try {
    heard =
      service.kind === 'endpoint'
        ? await viaEndpoint(service, audio, signal)
        : await viaGemini(config, audio, signal);
  } catch (error) {
    // Our own messages name only a status; a provider's may quote its response, so only its kind is told.
    const why = (error as Error).message.startsWith('transcription endpoint')
      ? (error as Error).message
      : (error as Error).name;
    warn?.(`voice transcription (${service.kind}) failed: ${signal.aborted ? 'timed out' : why}`);
    if (signal.aborted) {
      throw invalid(
        'The speech service took too long with that voice note. Try a shorter one, or type your request.',
      );
    }
    throw invalid('I could not transcribe that voice note just now. Please try again, or type your request.');
  }
  const words = heard.replace(/\s+/g, ' ').trim();
  if (!words) throw invalid('I could not make out any words in that voice note. Please try again.');
  if (words.length > MAX_TRANSCRIPT_LENGTH) {
    throw invalid('That voice note is too long for me; keep it to a minute or two, or type your request.');
  }
  return words;
}
