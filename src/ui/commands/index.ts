import type { Command } from '../command.js'
import { help } from './help.js'
import { join } from './join.js'
import { leave } from './leave.js'
import { me } from './me.js'
import { nick } from './nick.js'
import { quit } from './quit.js'
import { rooms } from './rooms.js'
import { who } from './who.js'

/** Every slash command, in the order `/help` lists them. */
export const COMMANDS: readonly Command[] = [join, leave, rooms, who, nick, me, help, quit]
