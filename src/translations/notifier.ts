import { Injectable, Logger } from '@nestjs/common';
import { Mailer } from '../mail/mailer';

/** A composed digest, ready to deliver. */
export interface DigestMessage {
  keyId: string;
  /** The key's name. */
  recipient: string;
  /** The key's e-mail address, when it has one. */
  email: string | null;
  language: string;
  subject: string;
  /** Plain text. */
  body: string;
  html: string;
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

/**
 * E-mail by SMTP (bound when SMTP_URL is set): a digest goes to the key's address, in the key's language,
 * plain text and HTML. A key without an address gets its digest in the log, as before.
 */
@Injectable()
export class MailNotifier implements Notifier {
  private readonly log = new LogNotifier();

  constructor(private readonly mailer: Mailer) {}

  async send(message: DigestMessage): Promise<void> {
    if (!message.email) return this.log.send(message);
    await this.mailer.send({ to: message.email, subject: message.subject, text: message.body, html: message.html, language: message.language });
  }
}
