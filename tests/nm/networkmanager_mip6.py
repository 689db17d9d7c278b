'''python-dbusmock's networkmanager template, with the one method mip6d
calls that python-dbusmock 0.28.7's template lacks and NetworkManager has
had since 1.12: Settings.Connection.Update2(settings, flags, args).

It records the call (GetMethodCalls('Update2') on the profile) and merges
the settings as the template's Update does. Every profile added through
Settings.AddConnection or AddConnectionUnsaved gets it, so a call on any
profile, a person's too, is seen rather than failing as unknown.
'''

import dbusmock
from dbusmock.templates import networkmanager as _base
# The template's constants and its mock methods (AddWiFiDevice, ...), which
# dbusmock picks up from this module.
from dbusmock.templates.networkmanager import *  # noqa: F401,F403 pylint: disable=wildcard-import,unused-wildcard-import

# Runs in dbusmock's namespace, which has dbus.
UPDATE2 = ('self.ConnectionUpdate(self, args[0]); '
           "ret = dbus.Dictionary({}, signature='sv')")


def add_update2(path):
    dbusmock.get_object(path).AddMethod(_base.CSETTINGS_IFACE, 'Update2', 'a{sa{sv}}ua{sv}',
                                        'a{sv}', UPDATE2)


def load(mock, parameters):
    _base.load(mock, parameters)
    settings = dbusmock.get_object(_base.SETTINGS_OBJ)
    settings.add_update2 = add_update2
    for name in ('AddConnection', 'AddConnectionUnsaved'):
        settings.AddMethod(_base.SETTINGS_IFACE, name, 'a{sa{sv}}', 'o',
                           'ret = self.SettingsAddConnection(args[0]); self.add_update2(ret)')

