import { Module } from '@nestjs/common';
import { ConfigModule } from '../config/config.module';
import { Mailer } from './mailer';

/** E-mail for any process that sends some (the worker's digest today). */
@Module({ imports: [ConfigModule], providers: [Mailer], exports: [Mailer] })
export class MailModule {}
