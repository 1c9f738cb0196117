import { Injectable, Logger } from '@nestjs/common';

/** A composed digest, ready to deliver. */
export interface DigestMessage {
  keyId: string;
  recipient: string;
  language: string;
  subject: string;
  body: string;
}

/** Delivers digests (e-mail, chat, ...). Bind another implementation to DIGEST_NOTIFIER to change the channel. */
export interface Notifier {
  send(message: DigestMessage): Promise<void>;
}

export const DIGEST_NOTIFIER = Symbol('DIGEST_NOTIFIER');

/** The default notifier: writes the digest to the worker's log. */
@Injectable()
export class LogNotifier implements Notifier {
  private readonly logger = new Logger('TranslatorDigest');

  async send(message: DigestMessage): Promise<void> {
    this.logger.log(`to ${message.recipient} (${message.language}): ${message.subject}\n${message.body}`);
  }
}
