import type { Command } from '../command.js'
import { help } from './help.js'
import { join } from './join.js'
import { leave } from './leave.js'
import { me } from './me.js'
import { nick } from './nick.js'
import { quit } from './quit.js'
import { rooms } from './rooms.js'
import { who } from './who.js'
import { admin } from './admin.js'
import { unadmin } from './unadmin.js'
import { kick } from './kick.js'
import { ban } from './ban.js'
import { unban } from './unban.js'
import { reclaim } from './reclaim.js'
import { info } from './info.js'

/** Every slash command, in the order `/help` lists them. */
export const COMMANDS: readonly Command[] = [join, leave, rooms, who, nick, me, info, admin, unadmin, kick, ban, unban, reclaim, help, quit]
