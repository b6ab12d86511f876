#!/usr/bin/env bash
# The Telegram incident, replayed on `dbroker dev` (see docs/oversight.md). Prints what each person sees.
# Run from an empty folder; set DBROKER to the CLI (default: dbroker on the PATH). Stops the dev suite it starts.
set -u
DB=${DBROKER:-dbroker}
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
RPORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
$DB dev --broker-port $PORT --records-port $RPORT > dev.log 2>&1 &
DEV=$!
export DBROKER_ADDRESS=http://127.0.0.1:$PORT
for i in $(seq 50); do grep -q "Ctrl+C" dev.log && break; sleep 0.2; done
sed -n '/sample subjects/,/^$/p' dev.log
SUBJECTS=$(awk 'length($1)==10 && $1 ~ /^[0-9]+$/ {print "--nid " $1 " --category nid"; print "--msisdn " $2 " --category sim"}' dev.log)
AUDITOR=$($DB token oversight-auditor-1); INSIDER=$($DB token rab6-officer-1); COLLUDER=$($DB token rabhq-approver-1); ADMIN=$($DB token police-admin)
DBROKER_TOKEN=$AUDITOR timeout 60 $DB alerts > alerts.log 2>&1 &
ALERTS=$!
sleep 1
FIRST=$(awk 'length($1)==10 && $1 ~ /^[0-9]+$/ {print $1; exit}' dev.log)
echo "== an ATU officer receives the first citizen's NID details lawfully, well before the insider"
out=$(DBROKER_TOKEN=$($DB token atu-officer-1) $DB submit --nid $FIRST --category nid --case ATU-2024-3 --basis anti-terrorism --justification "Named by a detained suspect" 2>&1)
id=$(echo "$out" | grep -oE 'ATU\.[0-9A-Z]+' | head -1)
DBROKER_TOKEN=$($DB token phq-approver-1) $DB approve $id --note "checked" > /dev/null 2>&1
DBROKER_TOKEN=$($DB token atu-officer-1) $DB fetch $id > /dev/null 2>&1 && echo "atu-officer-1 fetched $id"
echo; echo "== the insider pulls NID details, the colluding approver approves each at once"
while read -r subject; do
  out=$(DBROKER_TOKEN=$INSIDER $DB submit $subject --case RAB6-2024-17 --basis anti-terrorism --justification "Suspected financier of the Mohammadpur cell, seen at the safe house" 2>&1)
  echo "$ dbroker submit $subject ..."; echo "$out" | head -2
  id=$(echo "$out" | grep -oE 'RAB-6\.[0-9A-Z]+' | head -1)
  [ -z "$id" ] && break
  DBROKER_TOKEN=$COLLUDER $DB approve $id --note ok > /dev/null 2>&1
  DBROKER_TOKEN=$INSIDER $DB fetch $id >> fetched.txt 2>&1
done <<< "$SUBJECTS"
echo; echo "== oversight's live alerts"; sleep 1; cat alerts.log
echo; echo "== the Telegram post: the fetched records pasted with chat around them"
{ echo "NID pack, fresh. DM @datashop for more"; cat fetched.txt; echo "500 tk each"; } > post.txt
echo "$ dbroker trace-leak --file post.txt"; DBROKER_TOKEN=$AUDITOR $DB trace-leak --file post.txt
python3 -c "import re,sys; t=open('post.txt',encoding='utf-8').read(); open('stripped.txt','w',encoding='utf-8').write(re.sub('[\u200b-\u200f\u2060-\u2064\ufeff]','',t).upper())"
echo; echo "$ dbroker trace-leak --file stripped.txt   # watermark stripped, retyped in capitals"; DBROKER_TOKEN=$AUDITOR $DB trace-leak --file stripped.txt
python3 -c "import re; t=open('fetched.txt',encoding='utf-8').read(); b=t[t.index('NID details'):]; open('one.txt','w',encoding='utf-8').write(re.sub('[\u200b-\u200f\u2060-\u2064\ufeff]','',b[:b.index('blood group')]))"
echo; echo "$ dbroker trace-leak --file one.txt   # the first citizen alone, watermark stripped, wording kept"; DBROKER_TOKEN=$AUDITOR $DB trace-leak --file one.txt
echo; echo "$ dbroker suspensions"; DBROKER_TOKEN=$AUDITOR $DB suspensions
echo; echo "$ dbroker suspend --unit RAB-6 --reason ..."; DBROKER_TOKEN=$AUDITOR $DB suspend --unit RAB-6 --reason "NID details sold on Telegram; unit access cut pending inquiry"
echo; echo "$ dbroker list   # as rab6-officer-2"; DBROKER_TOKEN=$($DB token rab6-officer-2) $DB list; echo "exit $?"
sleep 1
echo; echo "$ dbroker audit subject --nid $FIRST"; DBROKER_TOKEN=$AUDITOR $DB audit subject --nid $FIRST
echo; echo "$ dbroker audit query --kind oversight.alert"; DBROKER_TOKEN=$AUDITOR $DB audit query --kind oversight.alert
echo; echo "$ dbroker audit verify"; DBROKER_TOKEN=$AUDITOR $DB audit verify; echo "exit $?"
echo; echo "$ dbroker reinstate --unit RAB-6 --reason ...   # as an auditor"; DBROKER_TOKEN=$AUDITOR $DB reinstate --unit RAB-6 --reason "inquiry closed"; echo "exit $?"
# SIGTERM, not SIGINT: a background job of a non-interactive shell starts with SIGINT ignored, so -INT never stopped it.
kill $ALERTS 2>/dev/null; kill $DEV; wait $DEV
