import type { Config } from '../config.ts';
import { invalid } from '../domain/errors.ts';
import type { Attachment } from './attachments.ts';

/** The words of a voice note, from the configured transcription service. (Being built.) */
export async function transcribe(_config: Config, _audio: Attachment): Promise<string> {
  throw invalid('Voice notes need a speech model, which is not set up here. Type your request instead.');
}
