/**
 * Short, valid audio files built in code for `POST /v1/audio/speech` (nothing downloaded): MP3 frames of
 * silence (MPEG-2 Layer III, 24 kHz mono, Coze's default format and sample rate) and a WAV sine tone.
 */

/** Coze's default sample rate for text-to-speech. */
export const SPEECH_SAMPLE_RATE = 24000;
/** MPEG-2 Layer III: 576 samples per frame. */
const SAMPLES_PER_FRAME = 576;
/** 32 kbit/s at 24 kHz: 72 × 32000 / 24000 = 96 bytes per frame, no padding needed. */
const FRAME_BYTES = 96;
/**
 * Frame header: sync (11 bits set), MPEG-2 (10), Layer III (01), no CRC (1) → FF F3; bitrate index 4 (32 kbit/s)
 * and sample-rate index 1 (24 kHz) → 0x44; mono, no emphasis → 0xC0. The side info and main data that follow
 * are all zero: every granule has no Huffman data, so the frame decodes to silence.
 */
const FRAME_HEADER = [0xff, 0xf3, 0x44, 0xc0];
const MS_PER_SECOND = 1000;

/** An MP3 of `ms` milliseconds of silence. */
export function silentMp3(ms: number): Buffer {
  const frames = Math.max(1, Math.ceil((ms / MS_PER_SECOND) * SPEECH_SAMPLE_RATE / SAMPLES_PER_FRAME));
  const frame = Buffer.alloc(FRAME_BYTES);
  Buffer.from(FRAME_HEADER).copy(frame);
  return Buffer.concat(Array.from({ length: frames }, () => frame));
}

const WAV_HEADER_BYTES = 44;
const BYTES_PER_SAMPLE = 2;
const TONE_HZ = 440;
const AMPLITUDE = 0.2 * 0x7fff;

/** A 16-bit mono PCM WAV of `ms` milliseconds of a quiet 440 Hz tone. */
export function toneWav(ms: number, sampleRate = SPEECH_SAMPLE_RATE): Buffer {
  const samples = Math.max(1, Math.round((ms / MS_PER_SECOND) * sampleRate));
  const dataBytes = samples * BYTES_PER_SAMPLE;
  const out = Buffer.alloc(WAV_HEADER_BYTES + dataBytes);
  out.write('RIFF', 0, 'ascii');
  out.writeUInt32LE(WAV_HEADER_BYTES - 8 + dataBytes, 4);
  out.write('WAVE', 8, 'ascii');
  out.write('fmt ', 12, 'ascii');
  out.writeUInt32LE(16, 16); // fmt chunk size
  out.writeUInt16LE(1, 20); // PCM
  out.writeUInt16LE(1, 22); // mono
  out.writeUInt32LE(sampleRate, 24);
  out.writeUInt32LE(sampleRate * BYTES_PER_SAMPLE, 28); // byte rate
  out.writeUInt16LE(BYTES_PER_SAMPLE, 32); // block align
  out.writeUInt16LE(BYTES_PER_SAMPLE * 8, 34); // bits per sample
  out.write('data', 36, 'ascii');
  out.writeUInt32LE(dataBytes, 40);
  for (let i = 0; i < samples; i++) {
    out.writeInt16LE(Math.round(AMPLITUDE * Math.sin((2 * Math.PI * TONE_HZ * i) / sampleRate)), WAV_HEADER_BYTES + i * BYTES_PER_SAMPLE);
  }
  return out;
}
