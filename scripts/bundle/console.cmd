@echo off
rem Opens a console in this folder with draw on its PATH. Shipped as the Chinese-named launcher.
rem This file stays ASCII: cmd reads a batch file in the console's code page.
cd /d "%~dp0"
set "PATH=%~dp0;%PATH%"
rem UTF-8 in the console, so that draw's Chinese output also reads right when piped (draw ... | more).
chcp 65001 >nul
title draw
cmd /k "draw --help"
