#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes data/logins.txt, the bundled list of GitHub logins.

The classic four come first, then well-known real logins, then plausible
generated ones until the list passes 1,000. The generator is our own integer
arithmetic with a fixed seed (no `random`), so the output is the same with
every Python version. Not run at build time: the list is committed.

    python3 data/gen-logins.py > data/logins.txt
"""

import re
import sys

CLASSIC = ["gvanrossum", "wesm", "tebeka", "torvalds"]

# Real, well-known accounts.
KNOWN = """
mojombo defunkt pjhyett wycats ezmobius ivey evanphx vanpelt wayneeseguin
brynary kevinclark technoweenie macournoyer takeo caged topfunky anotherjesse
roland lukas fanvsfan tomtt railsjitsu nitay kevwil KirinDave jamesgolick atmos
errfree mojodna bmizerany jnewland joshknowles hornbeck jwhitmire elbowdonkey
reinh schacon ry octocat dhh tenderlove jeresig addyosmani paulirish
sindresorhus tj substack isaacs gaearon yyx990803 kennethreitz mitsuhiko
antirez fabpot taylorotwell JakeWharton jashkenas mrdoob fat mdo rauchg
holman kneath mislav rtomayko tmm1 peff vmg brianmario bradfitz rsc robpike
adg griesemer ianlancetaylor dvyukov davecheney spf13 mitchellh armon fatih
mattn tpope junegunn BurntSushi dtolnay alexcrichton steveklabnik brson
graydon nikomatsakis withoutboats matklad kentcdodds getify ruanyf jwasham
donnemartin vinta karpathy fchollet soumith ezyang apaszke rwightman
lucidrains sgugger thomwolf julien-c patrickvonplaten jakevdp mwaskom
jreback TomAugspurger jorisvandenbossche shoyer rgommers charris njsmith
takluyver minrk fperez ellisonbg Carreau ogrisel amueller GaelVaroquaux
asmeurer certik mrocklin pitrou vstinner ambv brettcannon ncoghlan 1st1
tiran serhiy-storchaka zooba warsaw freakboy3742 ericvsmith rhettinger
tim-one benjaminp birkenfeld dstufft pradyunsg pfmoore jaraco hynek glyph
dabeaz nedbat pganssle gpshead methane markshannon davidism asottile hugovk
bnoordhuis indutny jasnell mcollina addaleax ljharb feross developit
sebmarkbage acdlite sophiebits bvaughn Rich-Harris evanw sokra rtfeldman
evancz ahejlsberg DanielRosenwasser mhevery IgorMinar matz headius
jeremyevans eileencodes rafaelfranca josevalim chrismccord jnunemaker qrush
gregkh kelseyhightower jessfraz thockin shykes mxcl mattt onevcat
JohnSundell twostraws nicklockwood justinmk Shougo tacaswell jbrockmendel
""".split()

FIRST = """
alice bob carol dave erin frank grace heidi ivan judy karl laura mallory
nina oscar peggy quinn rupert sybil trent ursula victor wendy xavier yara
zoe adam bella chen diego elena farah gabriel hana igor jonas kenji lucia
marco noor olga pavel rosa sanjay tariq uma vera wei yusuf amara bruno
camila dmitri emeka fatima goran hiro ines jamal kasia leon mei nikolai
omar priya rahul sofia tomas valentina wojtek ximena yuki zeynep andrea
boris clara daniel eva felix greta henrik isabel jorge katya lars maya
nils petra rafael selin teo
""".split()

LAST = """
smith chen garcia mueller rossi kowalski nguyen silva ivanov tanaka patel
kim larsen dubois novak okafor haddad fischer moreau costa jensen yamamoto
khan lopez schmidt ferrari nowak tran santos petrov suzuki shah park berg
laurent horvat mensah nasser weber bernard almeida nielsen kato singh choi
lindqvist vargas hoffmann romano wozniak pham oliveira sokolov ito gupta
lee hansen martin kovac adeyemi farouk becker lambert pereira olsen
watanabe mehta yoon strand ramos koch ricci mazur vu rocha volkov sato
""".split()

WORDS = """
code dev hack byte bit pixel data cloud stack loop lambda vector kernel
shell rust go py js ruby node ops infra ml cat fox owl bear wolf panda
moon star sun nova astro quantum neon retro cyber zen nomad ninja wizard
maker builder coder labs works studio
""".split()

TARGET = 1200


class Rng:
    """xorshift64*: small, fast and identical everywhere."""

    def __init__(self, seed):
        self.state = seed & 0xFFFFFFFFFFFFFFFF

    def next(self):
        x = self.state
        x ^= (x >> 12)
        x ^= (x << 25) & 0xFFFFFFFFFFFFFFFF
        x ^= (x >> 27)
        self.state = x
        return (x * 0x2545F4914F6CDD1D) & 0xFFFFFFFFFFFFFFFF

    def below(self, n):
        return (self.next() >> 33) % n

    def pick(self, items):
        return items[self.below(len(items))]


def generated(rng):
    first = rng.pick(FIRST)
    last = rng.pick(LAST)
    shape = rng.below(8)
    if shape == 0:
        return first + last
    if shape == 1:
        return first + "-" + last
    if shape == 2:
        return first[0] + last
    if shape == 3:
        return first + str(rng.below(100))
    if shape == 4:
        return first + "-" + rng.pick(WORDS)
    if shape == 5:
        return rng.pick(WORDS) + "-" + last
    if shape == 6:
        return first + last[0] + str(1970 + rng.below(40))
    return rng.pick(WORDS) + rng.pick(WORDS) + str(rng.below(1000))


VALID = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$")


def main():
    logins = []
    seen = set()

    def add(login):
        # GitHub logins are case-insensitive.
        if login.lower() in seen:
            return False
        assert VALID.match(login), login
        seen.add(login.lower())
        logins.append(login)
        return True

    for login in CLASSIC + KNOWN:
        if not add(login):
            sys.exit("duplicate login: " + login)

    rng = Rng(0x5EED_1DEA_C0FF_EE01)
    while len(logins) < TARGET:
        add(generated(rng))

    sys.stdout.write("\n".join(logins) + "\n")


if __name__ == "__main__":
    main()
