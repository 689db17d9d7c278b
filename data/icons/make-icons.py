#!/usr/bin/python3
# Writes the applet's status icons into hicolor/scalable/status beside this
# script: one shape per state (so they differ without colour), colour on top;
# the -symbolic twins are the same shapes in one colour. Run it after a change
# and commit the SVGs it writes.
import os
here = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'hicolor', 'scalable', 'status')
HOUSE_FULL = "M8 1 L15.5 8 H13.5 V15 H2.5 V8 H0.5 Z"
DOOR_FULL = "M6.5 10 H9.5 V15 H6.5 Z"
# small house in the lower left, the mobile node's home
HOUSE_SMALL = "M5 6 L10 10.5 H8.6 V15.5 H1.4 V10.5 H0 Z"
DOOR_SMALL = "M4 12 H6 V15.5 H4 Z"

def svg(body):
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" viewBox="0 0 16 16">\n'
            + body + '</svg>\n')

def icons(c, light):
    # c: colour per state; light: what is cut out (white, or transparent for symbolic)
    cut = lambda d: f'  <path d="{d}" fill="{light}"/>\n' if light else ''
    out = {}
    out['mip6-home'] = (f'  <path d="{HOUSE_FULL}" fill="{c["home"]}"/>\n' + cut(DOOR_FULL)
                        if light else
                        f'  <path d="{HOUSE_FULL} {DOOR_FULL}" fill="{c["home"]}" fill-rule="evenodd"/>\n')
    def small_house(col):
        if light:
            return f'  <path d="{HOUSE_SMALL}" fill="{col}"/>\n' + cut(DOOR_SMALL)
        return f'  <path d="{HOUSE_SMALL} {DOOR_SMALL}" fill="{col}" fill-rule="evenodd"/>\n'
    a = c['away']
    out['mip6-away'] = (small_house(a) +
        f'  <path d="M8 7 L11 4" stroke="{a}" stroke-width="2" stroke-linecap="round"/>\n'
        f'  <circle cx="12.5" cy="3.5" r="3" fill="{a}"/>\n')
    r = c['registering']
    out['mip6-registering'] = (small_house(r) +
        f'  <circle cx="8.2" cy="6.8" r="1" fill="{r}"/>\n'
        f'  <circle cx="10.3" cy="4.7" r="1" fill="{r}"/>\n'
        f'  <circle cx="13" cy="3" r="2.2" fill="none" stroke="{r}" stroke-width="1.6"/>\n')
    u = c['unregistered']
    bang = ("M11.5 0.8 H13.5 V4.2 H11.5 Z M11.5 5 H13.5 V6.6 H11.5 Z")
    if light:
        node = (f'  <circle cx="12.5" cy="3.7" r="3.5" fill="{u}"/>\n'
                f'  <path d="{bang}" fill="{light}"/>\n')
    else:
        node = (f'  <path d="M16 3.7 A3.5 3.5 0 1 1 9 3.7 A3.5 3.5 0 1 1 16 3.7 Z {bang}" '
                f'fill="{u}" fill-rule="evenodd"/>\n')
    out['mip6-away-unregistered'] = small_house(u) + node
    d = c['detached']
    out['mip6-detached'] = (
        f'  <circle cx="8" cy="5.5" r="3.6" fill="none" stroke="{d}" stroke-width="1.8"/>\n'
        f'  <path d="M0.5 13.5 H5.5 M10.5 13.5 H15.5" stroke="{d}" stroke-width="2" stroke-linecap="round"/>\n'
        f'  <path d="M8 10 V11.2" stroke="{d}" stroke-width="1.6" stroke-linecap="round"/>\n')
    o = c['offline']
    out['mip6-offline'] = (
        f'  <path d="{HOUSE_FULL}" fill="none" stroke="{o}" stroke-width="1.5" stroke-linejoin="round" transform="translate(8 8) scale(0.9) translate(-8 -8)"/>\n'
        f'  <path d="M1.5 1.5 L14.5 14.5" stroke="{c["slash"]}" stroke-width="2.2" stroke-linecap="round"/>\n')
    return out

colour = dict(home="#26a269", away="#1c71d8", registering="#e5a50a", unregistered="#c01c28",
              detached="#77767b", offline="#77767b", slash="#77767b")
mono = {k: "#2e3436" for k in colour}
for name, body in icons(colour, "#ffffff").items():
    open(os.path.join(here, f"{name}.svg"), "w").write(svg(body))
for name, body in icons(mono, None).items():
    open(os.path.join(here, f"{name}-symbolic.svg"), "w").write(svg(body))
