import { Module } from '@nestjs/common';
import { ApiAuthModule } from '@herald/api-auth';
import { MessageStore } from './message-store.js';
import { RejectionsController } from '../rejections/rejections.controller.js';
import { MessagesController } from './messages.controller.js';

/** Reading stored messages over REST; exports the store to resends. */
@Module({
  imports: [ApiAuthModule],
  controllers: [MessagesController, RejectionsController],
  providers: [MessageStore],
  exports: [MessageStore],
})
export class MessagesModule {}
